"""The street lights' tile on the public city dashboard."""

from __future__ import annotations

import datetime

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from smartcity.lighting import selectors
from smartcity.opendata.tiles import Figure, Reading, tile_register


def lighting_now(now: datetime.datetime) -> Reading | None:
    working = selectors.lights_working()
    if working.share is None:
        return None
    return Reading(
        [
            Figure(
                "lights-working",
                _("of the reporting street lights work"),
                f"{number_format(round(working.share, 1), decimal_pos=1)}%",
            ),
            Figure("lights-faulty", _("faulty"), str(working.reporting - working.working)),
        ]
    )


tile_register("lighting", url_name="lighting:overview", read=lighting_now)
