from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UtilitiesConfig(AppConfig):
    name = "smartcity.utilities"
    label = "utilities"
    verbose_name = _("Water and heat in buildings")

    def ready(self) -> None:
        from smartcity.utilities.checks import checks_register

        checks_register()
