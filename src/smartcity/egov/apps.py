from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EgovConfig(AppConfig):
    name = "smartcity.egov"
    label = "egov"
    verbose_name = _("E-government services")
