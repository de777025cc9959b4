"""The sun over Bălți: when it sets and rises, and whether it is day or night now."""

from __future__ import annotations

import datetime
import zoneinfo
from functools import lru_cache

from astral import Observer
from astral.sun import elevation, sun

# The central square; a few kilometres either way change the times by seconds.
BALTI = Observer(latitude=47.7617, longitude=27.9289)
ZONE = zoneinfo.ZoneInfo("Europe/Chisinau")
# Below this the street must be lit; above DAY it must not be. Between the two, at
# dusk and dawn, photocells and schedules legitimately disagree by some minutes.
NIGHT_ELEVATION = -6.0
DAY_ELEVATION = 3.0


@lru_cache(maxsize=800)
def sun_times(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """(sunrise, sunset) of a local date, as aware local times."""
    times = sun(BALTI, date=day, tzinfo=ZONE)
    return times["sunrise"], times["sunset"]


def sun_elevation(moment: datetime.datetime) -> float:
    return elevation(BALTI, moment)


def is_night(moment: datetime.datetime) -> bool:
    return sun_elevation(moment) < NIGHT_ELEVATION


def is_day(moment: datetime.datetime) -> bool:
    return sun_elevation(moment) > DAY_ELEVATION
