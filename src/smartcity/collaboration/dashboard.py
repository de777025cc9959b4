"""The events' tile on the public city dashboard: the next ones."""

from __future__ import annotations

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from smartcity.collaboration import selectors
from smartcity.opendata.tiles import Figure, Reading, tile_register


def events_now(now: datetime.datetime) -> Reading | None:
    upcoming = selectors.events_upcoming(now=now)
    if not upcoming:
        return None
    items = [
        f"{formats.date_format(timezone.localtime(e.starts_at), 'SHORT_DATE_FORMAT')} · {e.title}"
        for e in upcoming
    ]
    return Reading(
        [
            Figure(
                "events-upcoming",
                _("upcoming events"),
                str(selectors.events_upcoming_count(now=now)),
            )
        ],
        items=items,
    )


tile_register("events", url_name="collaboration:events", read=events_now)
