"""Template filters for GTFS times."""

from __future__ import annotations

from django import template

from smartcity.transit.gtfs.times import time_format

register = template.Library()


@register.filter
def gtfs_time(seconds: int | None) -> str:
    """Service seconds as HH:MM (hours past 24 kept, as on a timetable: 24:30)."""
    if seconds is None:
        return ""
    return time_format(seconds)[:5]


@register.filter
def minutes(seconds: int | None) -> int:
    return 0 if seconds is None else round(seconds / 60)
