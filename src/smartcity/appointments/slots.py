"""The free times of a desk, computed on the fly.

Computed rather than generated ahead by a job: the grid follows the city's hours, the
desk's lunch break and the holidays at the moment it is read, so a change of hours needs no
regeneration, and the only rows are bookings. A slot is free when no active booking of the
desk overlaps it. Times are on the city's clock (Europe/Chisinau) and stored in UTC.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass
from functools import cache

import holidays as public_holidays
from django.utils import timezone

from smartcity.appointments.models import Booking, DeskService, FrontDesk
from smartcity.city.selectors import city_profile

CITY_TZ = zoneinfo.ZoneInfo("Europe/Chisinau")
# How far ahead residents can book; the city hall works Monday to Friday (the profile's
# `working_days` is a text for people, so the days are fixed here).
BOOKING_WEEKS = 4
WORKING_WEEKDAYS = frozenset(range(5))
DEFAULT_OPENS, DEFAULT_CLOSES = datetime.time(8, 0), datetime.time(17, 0)


@cache
def _holidays(year: int) -> public_holidays.HolidayBase:
    return public_holidays.country_holidays("MD", years=year)


def holiday_name(day: datetime.date) -> str | None:
    """The public holiday of Moldova on that day (Labour Code art. 111), or None."""
    return _holidays(day.year).get(day)


def city_tz() -> zoneinfo.ZoneInfo:
    profile = city_profile()
    return zoneinfo.ZoneInfo(profile.time_zone) if profile else CITY_TZ


def opening_hours() -> tuple[datetime.time, datetime.time]:
    """The city hall's hours from the city profile (08:00–17:00 without one)."""
    profile = city_profile()
    if profile is None:
        return DEFAULT_OPENS, DEFAULT_CLOSES
    return profile.opens_at, profile.closes_at


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() in WORKING_WEEKDAYS and holiday_name(day) is None


def booking_days(*, now: datetime.datetime | None = None) -> list[datetime.date]:
    """The working days from today through BOOKING_WEEKS ahead, in the city's calendar."""
    today = timezone.localtime(now or timezone.now(), city_tz()).date()
    last = today + datetime.timedelta(weeks=BOOKING_WEEKS)
    days = (today + datetime.timedelta(days=n) for n in range((last - today).days + 1))
    return [day for day in days if is_working_day(day)]


@dataclass(frozen=True)
class Slot:
    starts_at: datetime.datetime  # aware, in the city's time zone
    ends_at: datetime.datetime

    @property
    def key(self) -> str:
        """The slot's start as it travels in a URL or form: ISO 8601 in UTC."""
        return self.starts_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%MZ")


def day_grid(desk: FrontDesk, minutes: int, day: datetime.date) -> list[Slot]:
    """Every slot of `minutes` on that day within the hours and outside the lunch break,
    taken or not; none on a weekend or a holiday."""
    if not is_working_day(day):
        return []
    tz = city_tz()
    opens, closes = opening_hours()
    start = datetime.datetime.combine(day, opens, tzinfo=tz)
    end = datetime.datetime.combine(day, closes, tzinfo=tz)
    lunch = None
    if desk.lunch_starts_at and desk.lunch_ends_at:
        lunch = (
            datetime.datetime.combine(day, desk.lunch_starts_at, tzinfo=tz),
            datetime.datetime.combine(day, desk.lunch_ends_at, tzinfo=tz),
        )
    step = datetime.timedelta(minutes=minutes)
    slots = []
    while start + step <= end:
        if lunch and start < lunch[1] and start + step > lunch[0]:
            start = lunch[1]
            continue
        slots.append(Slot(start, start + step))
        start += step
    return slots


def free_slots(
    desk_service: DeskService, day: datetime.date, *, now: datetime.datetime | None = None
) -> list[Slot]:
    """The slots of that day still free at the desk for the service: not past, not
    overlapping an active booking of the desk (for any service)."""
    now = now or timezone.now()
    if day not in booking_days(now=now):
        return []
    grid = [
        s for s in day_grid(desk_service.desk, desk_service.slot_minutes, day) if s.starts_at > now
    ]
    if not grid:
        return []
    taken = list(
        Booking.objects.filter(
            desk=desk_service.desk_id,
            status=Booking.Status.BOOKED,
            starts_at__lt=grid[-1].ends_at,
            ends_at__gt=grid[0].starts_at,
        ).values_list("starts_at", "ends_at")
    )
    return [s for s in grid if not any(a < s.ends_at and s.starts_at < b for a, b in taken)]


def slot_at(
    desk_service: DeskService, starts_at: datetime.datetime, *, now: datetime.datetime | None = None
) -> Slot | None:
    """The bookable slot that starts at that moment (free or not), or None: in the past,
    beyond the booking weeks, outside the hours, on a holiday or off the grid."""
    now = now or timezone.now()
    local = starts_at.astimezone(city_tz())
    if starts_at <= now or local.date() not in booking_days(now=now):
        return None
    for slot in day_grid(desk_service.desk, desk_service.slot_minutes, local.date()):
        if slot.starts_at == local:
            return slot
    return None
