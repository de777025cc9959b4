from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LightingConfig(AppConfig):
    name = "smartcity.lighting"
    label = "lighting"
    verbose_name = _("Street lighting")

    def ready(self) -> None:
        from smartcity.lighting import checks

        checks.register()
