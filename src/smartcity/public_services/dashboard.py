"""The applications' tile on the public city dashboard: answered in term, open now."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from smartcity.opendata.tiles import Figure, Reading, tile_register
from smartcity.public_services import selectors
from smartcity.public_services.models import Application


def applications_now(now: datetime.datetime) -> Reading | None:
    _rates, overall = selectors.answered_in_term()
    open_count = Application.objects.filter(status__in=Application.OPEN_STATUSES).count()
    if overall.rate is None and not open_count:
        return None
    rate = f"{round(100 * overall.rate)}%" if overall.rate is not None else "–"
    return Reading(
        [
            Figure("applications-in-term", _("answered in term"), rate),
            Figure("applications-open", _("being examined"), str(open_count)),
        ]
    )


tile_register("applications", url_name="public_services:statistics", read=applications_now)
