"""The reports' tile on the public city dashboard."""

from __future__ import annotations

import datetime

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from smartcity.opendata.tiles import Figure, Reading, tile_register
from smartcity.service_requests import selectors


def requests_now(now: datetime.datetime) -> Reading | None:
    week = selectors.week_summary(now=now)
    if not (week.opened or week.closed or week.still_open):
        return None
    median = week.median_hours_to_close
    return Reading(
        [
            Figure("opened", _("reported in the last 7 days"), str(week.opened)),
            Figure("closed", _("closed in the last 7 days"), str(week.closed)),
            Figure("open-now", _("open now"), str(week.still_open)),
            Figure(
                "median-close",
                _("median time to close (hours)"),
                "–" if median is None else number_format(median, decimal_pos=1),
            ),
        ]
    )


tile_register("requests", url_name="service_requests:stats", read=requests_now)
