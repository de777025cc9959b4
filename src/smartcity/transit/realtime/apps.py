from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransitRealtimeConfig(AppConfig):
    name = "smartcity.transit.realtime"
    label = "transit_realtime"
    verbose_name = _("Public transport in real time")
