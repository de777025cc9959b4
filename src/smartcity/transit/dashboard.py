"""Public transport's tile on the city dashboard: vehicles in service, today's punctuality."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from smartcity.opendata.tiles import Figure, Reading, tile_register
from smartcity.transit.realtime import selectors


def transit_now(now: datetime.datetime) -> Reading | None:
    today = selectors.service_today(now)
    if not today.reporting and not today.arrivals:
        return None
    share = today.on_time_share
    return Reading(
        [
            Figure("transit-vehicles", _("vehicles in service now"), str(today.in_service)),
            Figure(
                "transit-on-time",
                _("on time today"),
                f"{share:.0%}" if share is not None else "—",
            ),
        ],
        note=_("On time: from one minute early to three minutes late."),
    )


tile_register("transit", url_name="transit_realtime:live_map", read=transit_now)
