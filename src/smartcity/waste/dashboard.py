"""The waste containers' tile on the public city dashboard."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from smartcity.opendata.tiles import Figure, Reading, tile_register
from smartcity.waste import selectors


def waste_now(now: datetime.datetime) -> Reading | None:
    today = selectors.waste_today(now=now)
    if not today.reporting:
        return None
    return Reading(
        [
            Figure("waste-due", _("containers due for collection today"), str(today.due)),
            Figure("waste-over", _("overflowing"), str(today.overflowing)),
            Figure("waste-total", _("containers with sensors"), str(today.reporting)),
        ]
    )


tile_register("waste", url_name="waste:map", read=waste_now)
