from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnvironmentConfig(AppConfig):
    name = "smartcity.environment"
    label = "environment"
    verbose_name = _("Environment")

    def ready(self) -> None:
        from smartcity.environment import checks

        checks.register()
