"""The institutions' tile on the public city dashboard: how many are open right now."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from smartcity.institutions import selectors
from smartcity.opendata.tiles import Figure, Reading, tile_register


def institutions_now(now: datetime.datetime) -> Reading | None:
    found = list(selectors.institutions_listed())
    if not found:
        return None
    open_now = sum(1 for i in found if selectors.open_state_of(i, now).is_open)
    figures = [
        Figure("institutions-open", _("open now"), str(open_now)),
        Figure("institutions-total", _("institutions"), str(len(found))),
    ]
    totals = selectors.places_latest_totals()
    if totals is not None:
        figures.append(
            Figure("kindergarten-free", _("free kindergarten places"), str(totals["free"] or 0))
        )
    return Reading(figures)


tile_register("institutions", url_name="institutions:map", read=institutions_now)
