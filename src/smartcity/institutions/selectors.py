"""Reads: the institutions for the map and their pages, hours and open-now, their events,
the kindergarten places per district, and the rows of the open datasets."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone

from smartcity.collaboration.models import Event
from smartcity.config.site import absolute_url
from smartcity.institutions import hours
from smartcity.institutions.models import (
    Institution,
    InstitutionEvent,
    KindergartenPlaces,
    kinds_of,
)


def institutions_listed(*, kind: str = "", sector: str = "", district: str = "") -> QuerySet:
    """Institutions by kind and name, filtered by a kind, a sector ("education",
    "culture") and a district's slug; unknown values filter nothing out silently only
    when empty (an unknown kind finds nothing)."""
    found = Institution.objects.select_related("district", "department").prefetch_related("hours")
    if kind:
        found = found.filter(kind=kind)
    if sector:
        found = found.filter(kind__in=kinds_of(sector))
    if district:
        found = found.filter(district__slug=district)
    return found.order_by("kind", "name")


def institution_by_id(pk: int) -> Institution | None:
    return (
        Institution.objects.select_related("district", "department")
        .prefetch_related("hours")
        .filter(pk=pk)
        .first()
    )


def week_of(institution: Institution) -> hours.Week:
    """The institution's weekly hours (uses the prefetched `hours` when there are)."""
    week: hours.Week = {day: [] for day in range(7)}
    for row in institution.hours.all():
        week[row.weekday].append((row.opens_at, row.closes_at))
    for intervals in week.values():
        intervals.sort()
    return week


@dataclass(frozen=True)
class DayHours:
    weekday: int
    label: str
    text: str  # "" when closed
    is_today: bool


def week_shown(institution: Institution, now: datetime.datetime) -> list[DayHours]:
    """Monday to Sunday, each day's hours as text, today (in the city) marked."""
    today = now.astimezone(hours.city_zone()).weekday()
    week = week_of(institution)
    return [
        DayHours(day, str(hours.WEEKDAYS[day]), hours.intervals_text(week[day]), day == today)
        for day in range(7)
    ]


def open_state_of(institution: Institution, now: datetime.datetime) -> hours.OpenState:
    return hours.open_state(week_of(institution), now)


def institution_events_upcoming(
    institution: Institution, *, now: datetime.datetime, limit: int = 20
) -> list[Event]:
    """The institution's events not yet over, soonest first."""
    return list(
        Event.objects.filter(institution_link__institution=institution, ends_at__gte=now).order_by(
            "starts_at", "id"
        )[:limit]
    )


def institution_events_in_feed(institution: Institution) -> list[Event]:
    """For the institution's iCalendar: its coming events and those of the last 90 days."""
    since = timezone.now() - datetime.timedelta(days=90)
    return list(
        Event.objects.filter(
            institution_link__institution=institution, ends_at__gte=since
        ).order_by("starts_at", "id")
    )


def event_ids_of_sector(sector: str) -> QuerySet:
    """The ids of the events linked to institutions of a sector (for the calendar)."""
    return InstitutionEvent.objects.filter(institution__kind__in=kinds_of(sector)).values(
        "event_id"
    )


def institution_of_event(event_id: int) -> Institution | None:
    link = InstitutionEvent.objects.select_related("institution").filter(event_id=event_id)
    found = link.first()
    return found.institution if found else None


# Kindergarten places


def places_periods() -> list[str]:
    """The periods with published places, latest first."""
    periods = KindergartenPlaces.objects.values_list("period", flat=True).distinct()
    return sorted(set(periods), reverse=True)


@dataclass(frozen=True)
class PlacesTable:
    period: str
    rows: list[KindergartenPlaces]
    capacity: int
    enrolled: int
    waiting_list: int
    free_places: int
    any_illustrative: bool


def places_table(*, period: str = "") -> PlacesTable | None:
    """The places per district of `period` (default the latest), with the city's totals."""
    period = period or next(iter(places_periods()), "")
    if not period:
        return None
    rows = list(
        KindergartenPlaces.objects.filter(period=period)
        .select_related("district")
        .order_by("district__name")
    )
    if not rows:
        return None
    return PlacesTable(
        period=period,
        rows=rows,
        capacity=sum(r.capacity for r in rows),
        enrolled=sum(r.enrolled for r in rows),
        waiting_list=sum(r.waiting_list for r in rows),
        free_places=sum(r.free_places for r in rows),
        any_illustrative=any(r.is_illustrative for r in rows),
    )


def places_latest_totals() -> dict[str, int] | None:
    periods = places_periods()
    if not periods:
        return None
    return KindergartenPlaces.objects.filter(period=periods[0]).aggregate(
        free=Sum("free_places"), waiting=Sum("waiting_list")
    )


# Open data


def institutions_for_open_data(*, chunk_size: int = 500) -> Iterator[dict[str, Any]]:
    """Every institution: kind, names, address, position, public contacts, hours."""
    found = Institution.objects.select_related("district", "department").prefetch_related("hours")
    for institution in found.order_by("id").iterator(chunk_size=chunk_size):
        yield {
            "id": institution.pk,
            "kind": institution.kind,
            "sector": institution.sector,
            "name_ro": institution.name_ro,  # type: ignore[attr-defined]
            "name_ru": institution.name_ru or "",  # type: ignore[attr-defined]
            "name_en": institution.name_en or "",  # type: ignore[attr-defined]
            "address": institution.address,
            "district": institution.district.slug if institution.district else "",
            "phone": institution.phone,
            "email": institution.email,
            "website": institution.website,
            "languages": ";".join(institution.languages),
            "opening_hours": hours.week_osm(week_of(institution)),
            "department": institution.department.slug,
            "latitude": institution.latitude,
            "longitude": institution.longitude,
            "location_approximate": institution.location_is_approximate,
            "illustrative": institution.is_illustrative,
            "url": absolute_url(reverse("institutions:institution", args=[institution.pk])),
        }


def institutions_count() -> int:
    return Institution.objects.count()


def institutions_latest_change() -> datetime.datetime | None:
    return Institution.objects.aggregate(latest=Max("updated_at"))["latest"]


def places_for_open_data(*, chunk_size: int = 500) -> Iterator[dict[str, Any]]:
    rows = KindergartenPlaces.objects.select_related("district").order_by(
        "period", "district__slug"
    )
    for row in rows.iterator(chunk_size=chunk_size):
        yield {
            "period": row.period,
            "district": row.district.slug,
            "district_name": row.district.name_ro,  # type: ignore[attr-defined]
            "capacity": row.capacity,
            "enrolled": row.enrolled,
            "waiting_list": row.waiting_list,
            "free_places": row.free_places,
            "source": row.source,
            "published_on": row.published_on.isoformat(),
            "illustrative": row.is_illustrative,
        }


def places_count() -> int:
    return KindergartenPlaces.objects.count()


def places_latest_change() -> datetime.datetime | None:
    return KindergartenPlaces.objects.aggregate(latest=Max("recorded_at"))["latest"]
