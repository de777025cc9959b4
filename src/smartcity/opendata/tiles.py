"""The tiles of the public city dashboard: each domain says what it shows at a glance.

The dashboard has fixed places (`PLACES`), in order. A domain app fills its place from
its own `dashboard.py`, imported at startup like `datasets.py`::

    from smartcity.opendata.tiles import Figure, Reading, tile_register
    from smartcity.transit import selectors

    def transit_now(now):
        fleet = selectors.fleet_now(now=now)
        if not fleet.expected:
            return None  # the dashboard shows "no data yet"
        return Reading([Figure("vehicles", _("vehicles in service"), str(fleet.running)),
                        Figure("punctuality", _("on time"), f"{fleet.on_time_percent}%")])

    tile_register("transit", url_name="transit:map", read=transit_now)

A place whose app is not installed, or whose reader returns None (no data yet), shows a
"no data yet" tile instead of failing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import caches
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Place: its title on the dashboard.
PLACES: dict[str, Promise] = {
    "requests": _("Reports of problems"),
    "lighting": _("Street lighting"),
    "air": _("Air quality"),
    "transit": _("Public transport"),
    "events": _("Upcoming events"),
    "strategy": _("City strategy"),
    "waste": _("Waste collection"),
    "housing": _("Water, heating and electricity outages"),
    "institutions": _("Schools, kindergartens and culture"),
    "applications": _("Applications answered in term"),
}


@dataclass(frozen=True)
class Figure:
    key: str  # for the page's test ids and styles
    label: Promise | str
    value: str


@dataclass(frozen=True)
class Reading:
    figures: list[Figure]
    note: Promise | str = ""
    # Optional list of short lines (e.g. the next events).
    items: list[str] = field(default_factory=list)
    # A class for the tile's colour, e.g. "eaqi-3".
    tone: str = ""


@dataclass(frozen=True)
class Tile:
    place: str
    url_name: str
    read: Callable[[datetime.datetime], Reading | None]


@dataclass(frozen=True)
class Shown:
    place: str
    title: Promise
    url: str
    reading: Reading | None


_tiles: dict[str, Tile] = {}

TILES_SECONDS = 30


def tile_register(place: str, *, url_name: str, read: Callable) -> Tile:
    """Fill a place of the dashboard; `read(now)` returns a Reading or None (no data)."""
    if place not in PLACES:
        raise ValueError(f"no dashboard place {place!r}; add it to PLACES")
    tile = Tile(place, url_name, read)
    _tiles[place] = tile
    return tile


def dashboard_tiles(*, now: datetime.datetime, fresh: bool = False) -> list[Shown]:
    """Every place in order, with its reading, or None when no domain fills it yet.

    The readings are kept for TILES_SECONDS per language (figures are formatted in it):
    a city at a glance may be half a minute old, and a busy dashboard then costs the
    database one round of counts per half minute instead of one per visitor. `fresh`
    reads them anew."""
    key = f"opendata:tiles:{translation.get_language()}"
    if not fresh:
        kept = caches["responses"].get(key)
        if kept is not None:
            return kept
    shown = _tiles_read(now)
    caches["responses"].set(key, shown, TILES_SECONDS)
    return shown


def _tiles_read(now: datetime.datetime) -> list[Shown]:
    shown = []
    for place, title in PLACES.items():
        tile = _tiles.get(place)
        if tile is None:
            shown.append(Shown(place, title, "", None))
            continue
        shown.append(Shown(place, title, reverse(tile.url_name), tile.read(now)))
    return shown
