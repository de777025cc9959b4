"""GTFS service times and service days.

A GTFS time counts from "noon minus 12h" of the service date in the agency's time zone,
not from midnight: on the night clocks change, midnight and "noon minus 12h" differ by
an hour, and times past 24:00:00 belong to the service date before.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

_TIME = re.compile(r"^(\d{1,3}):([0-5]\d):([0-5]\d)$")


def time_parse(text: str) -> int:
    """ "H:MM:SS" or "HH:MM:SS" (hours may pass 23) → seconds; ValueError otherwise."""
    match = _TIME.match(text.strip())
    if match is None:
        raise ValueError(text)
    hours, minutes, seconds = (int(part) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def time_format(seconds: int) -> str:
    """Seconds → "HH:MM:SS", keeping hours past 24 as GTFS does."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


def service_day_origin(service_date: dt.date, timezone: str) -> dt.datetime:
    """The instant (UTC) GTFS times of `service_date` count from: local noon minus 12 hours."""
    noon = dt.datetime.combine(service_date, dt.time(12), tzinfo=ZoneInfo(timezone))
    # In UTC: arithmetic on a ZoneInfo datetime is wall-clock arithmetic, which would
    # give local midnight, an hour off on the days clocks change.
    return noon.astimezone(dt.UTC) - dt.timedelta(hours=12)


def service_instant(service_date: dt.date, seconds: int, timezone: str) -> dt.datetime:
    """The aware (UTC) instant of a GTFS time on a service date."""
    origin = service_day_origin(service_date, timezone).astimezone(dt.UTC)
    return origin + dt.timedelta(seconds=seconds)
