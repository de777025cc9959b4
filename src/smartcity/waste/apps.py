from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WasteConfig(AppConfig):
    name = "smartcity.waste"
    label = "waste"
    verbose_name = _("Waste collection")

    def ready(self) -> None:
        from smartcity.waste.checks import checks_register

        checks_register()
