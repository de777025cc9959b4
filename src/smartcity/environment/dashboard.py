"""The air quality tile on the public city dashboard: the European index now."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from smartcity.environment.eaqi import LEVELS
from smartcity.environment.selectors import stations_now
from smartcity.opendata.tiles import Figure, Reading, tile_register


def air_now(now: datetime.datetime) -> Reading | None:
    levels = [s.level for s in stations_now(end=now) if s.level is not None]
    if not levels:
        return None
    worst = max(levels)
    average = round(sum(levels) / len(levels))
    return Reading(
        [
            Figure("air-worst", _("worst station"), str(LEVELS[worst])),
            Figure("air-average", _("average of the stations"), str(LEVELS[average])),
            Figure("air-stations", _("stations reporting"), str(len(levels))),
        ],
        tone=f"eaqi-{worst}",
    )


tile_register("air", url_name="environment:air", read=air_now)
