from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "smartcity.opendata"
    label = "opendata"
    verbose_name = _("Open data")

    def ready(self) -> None:
        from smartcity.opendata.registry import autodiscover

        autodiscover()
