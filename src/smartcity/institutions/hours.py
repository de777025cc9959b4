"""Opening hours: read from the staff's text ("08:00–12:00, 13:00–17:00"), written in
the OpenStreetMap `opening_hours` form for open data, and whether a place is open now.

Hours are the city's local wall-clock times (Europe/Chisinau): "open now" turns the
moment into that zone first, so a summer or winter time change never shifts them.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

Interval = tuple[datetime.time, datetime.time]
Week = dict[int, list[Interval]]  # weekday 0 (Monday) … 6 → intervals, sorted

WEEKDAYS = (
    gettext_lazy("Monday"),
    gettext_lazy("Tuesday"),
    gettext_lazy("Wednesday"),
    gettext_lazy("Thursday"),
    gettext_lazy("Friday"),
    gettext_lazy("Saturday"),
    gettext_lazy("Sunday"),
)
OSM_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
_INTERVAL = re.compile(r"^(\d{1,2})[:.](\d{2})\s*[-–—]\s*(\d{1,2})[:.](\d{2})$")


class HoursError(ValueError):
    """The text is not a list of intervals; the message says why, in the user's language."""


def city_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _time(hours: str, minutes: str) -> datetime.time:
    h, m = int(hours), int(minutes)
    if h == 24 and m == 0:
        return datetime.time(23, 59)
    if h > 23 or m > 59:
        raise HoursError(_("%(value)s is not a time of day.") % {"value": f"{hours}:{minutes}"})
    return datetime.time(h, m)


def intervals_parse(text: str) -> list[Interval]:
    """ "08:00–12:00, 13:00–17:00" as sorted intervals; empty text is a closed day.
    Raise HoursError for a wrong interval, one that ends before it starts, or overlaps."""
    intervals: list[Interval] = []
    for part in (p.strip() for p in re.split(r"[,;]", text)):
        if not part:
            continue
        match = _INTERVAL.match(part)
        if match is None:
            raise HoursError(_("“%(value)s” is not like 08:00–17:00.") % {"value": part[:30]})
        opens, closes = _time(*match.group(1, 2)), _time(*match.group(3, 4))
        if closes <= opens:
            raise HoursError(_("“%(value)s” closes before it opens.") % {"value": part[:30]})
        intervals.append((opens, closes))
    intervals.sort()
    for (_o1, c1), (o2, _c2) in zip(intervals, intervals[1:], strict=False):
        if o2 < c1:
            raise HoursError(_("The intervals overlap."))
    return intervals


def intervals_text(intervals: Iterable[Interval]) -> str:
    return ", ".join(f"{o:%H:%M}–{c:%H:%M}" for o, c in intervals)


def week_osm(week: Week) -> str:
    """The week as OpenStreetMap's opening_hours ("Mo-Fr 08:00-17:00; Sa 09:00-13:00");
    consecutive days with the same hours are one range; closed days are left out."""
    parts: list[str] = []
    day = 0
    while day < 7:
        intervals = week.get(day, [])
        last = day
        while last + 1 < 7 and week.get(last + 1, []) == intervals:
            last += 1
        if intervals:
            days = OSM_DAYS[day] if last == day else f"{OSM_DAYS[day]}-{OSM_DAYS[last]}"
            times = ",".join(f"{o:%H:%M}-{c:%H:%M}" for o, c in intervals)
            parts.append(f"{days} {times}")
        day = last + 1
    return "; ".join(parts)


@dataclass(frozen=True)
class OpenState:
    """Open or closed at a moment; when it closes (open) or opens next (closed), local."""

    is_open: bool
    closes_at: datetime.datetime | None = None
    opens_at: datetime.datetime | None = None
    known: bool = True  # False: no hours were given at all


def open_state(week: Week, now: datetime.datetime) -> OpenState:
    """Whether the place is open at `now` (any aware time), by its local weekly hours."""
    if not any(week.values()):
        return OpenState(is_open=False, known=False)
    zone = city_zone()
    local = now.astimezone(zone)
    for opens, closes in week.get(local.weekday(), []):
        start = datetime.datetime.combine(local.date(), opens, tzinfo=zone)
        end = datetime.datetime.combine(local.date(), closes, tzinfo=zone)
        if start <= local < end:
            return OpenState(is_open=True, closes_at=end)
    for ahead in range(8):
        date = local.date() + datetime.timedelta(days=ahead)
        for opens, _closes in week.get(date.weekday(), []):
            start = datetime.datetime.combine(date, opens, tzinfo=zone)
            if start > local:
                return OpenState(is_open=False, opens_at=start)
    return OpenState(is_open=False)
