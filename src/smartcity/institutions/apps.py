from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutionsConfig(AppConfig):
    name = "smartcity.institutions"
    label = "institutions"
    verbose_name = _("Education and culture")

    def ready(self) -> None:
        # The public calendar's filters by sector (education, culture) live here.
        from smartcity.institutions import calendar  # noqa: F401
