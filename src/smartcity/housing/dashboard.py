"""The outages' tile on the public city dashboard."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from smartcity.housing import selectors
from smartcity.housing.models import ApartmentBlock
from smartcity.opendata.tiles import Figure, Reading, tile_register


def outages_now(now: datetime.datetime) -> Reading | None:
    if not ApartmentBlock.objects.exists() and not selectors.outages_count():
        return None
    counts = selectors.outage_counts(now=now)
    return Reading(
        [
            Figure("outages-current", _("outages going on"), str(counts.current)),
            Figure("outages-planned", _("planned"), str(counts.planned)),
        ],
        tone="outages-on" if counts.current else "",
    )


tile_register("housing", url_name="housing:outages", read=outages_now)
