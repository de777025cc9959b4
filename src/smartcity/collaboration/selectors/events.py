"""Reads on events, and their iCalendar form (RFC 5545, with the icalendar package)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from smartcity.collaboration.models import Event, EventDocument, Registration
from smartcity.config.site import absolute_url

PAST_DAYS_IN_FEED = 90


@dataclass(frozen=True)
class CalendarFilter:
    """A part of the public calendar another app defines, e.g. the events of the
    education institutions: `event_ids()` gives a query of the events' ids."""

    key: str
    label: Promise | str
    event_ids: Callable[[], QuerySet]


_calendar_filters: dict[str, CalendarFilter] = {}


def calendar_filter_register(key: str, *, label: Promise | str, event_ids: Callable) -> None:
    """Offer `?only=<key>` on the public calendar and its iCalendar feed."""
    _calendar_filters[key] = CalendarFilter(key, label, event_ids)


def calendar_filters() -> list[CalendarFilter]:
    return list(_calendar_filters.values())


def calendar_filter(key: str) -> CalendarFilter | None:
    return _calendar_filters.get(key)


def _only(events: QuerySet[Event], only: str) -> QuerySet[Event]:
    found = _calendar_filters.get(only) if only else None
    return events if found is None else events.filter(pk__in=found.event_ids())


def events_listed(*, upcoming: bool = True, only: str = "") -> QuerySet[Event]:
    """Events still to end (soonest first) or already over (latest first), with counts;
    `only` a registered calendar filter's key (an unknown one filters nothing)."""
    now = timezone.now()
    events = _only(Event.objects.all(), only).annotate(
        confirmed=Count("registrations", filter=Q(registrations__status="confirmed")),
        waiting=Count("registrations", filter=Q(registrations__status="waiting")),
    )
    if upcoming:
        return events.filter(ends_at__gte=now).order_by("starts_at", "id")
    return events.filter(ends_at__lt=now).order_by("-starts_at", "-id")


def event_by_id(pk: int) -> Event | None:
    return (
        Event.objects.annotate(
            confirmed=Count("registrations", filter=Q(registrations__status="confirmed")),
            waiting=Count("registrations", filter=Q(registrations__status="waiting")),
            attended=Count(
                "registrations",
                filter=Q(registrations__status="confirmed", registrations__attended=True),
            ),
        )
        .prefetch_related("ideas", "documents", "organisations")
        .filter(pk=pk)
        .first()
    )


def event_document_of(event_pk: int, pk: int) -> EventDocument | None:
    return EventDocument.objects.select_related("event").filter(event_id=event_pk, pk=pk).first()


def registrations_of(event: Event) -> list[Registration]:
    return list(event.registrations.exclude(status=Registration.Status.CANCELLED))


def _calendar_event(event: Event, url: str, host: str) -> CalendarEvent:
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.pk}@{host}")
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", event.starts_at.astimezone(datetime.UTC))
    entry.add("dtend", event.ends_at.astimezone(datetime.UTC))
    entry.add("summary", event.title)
    description = "\n\n".join(p for p in (event.description, event.agenda, url) if p)
    entry.add("description", description)
    entry.add("location", event.place or event.online_url)
    entry.add("url", url)
    return entry


def events_calendar(events: list[Event], *, name: str, url_of, host: str) -> bytes:  # noqa: ANN001
    """An iCalendar of the events; `url_of(event)` gives each event's absolute page."""
    calendar = Calendar()
    calendar.add("prodid", "-//Bălți Smart City//collaboration//RO")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(_calendar_event(event, url_of(event), host))
    return calendar.to_ical()


def events_in_feed(*, only: str = "") -> list[Event]:
    """Upcoming events and those of the last 90 days (of the calendar filter `only`)."""
    since = timezone.now() - datetime.timedelta(days=PAST_DAYS_IN_FEED)
    return list(_only(Event.objects.filter(ends_at__gte=since), only).order_by("starts_at"))


def events_for_ideas() -> QuerySet[Event]:
    """Events an idea may say it came from: those of the last year and the coming ones."""
    since = timezone.now() - datetime.timedelta(days=365)
    return Event.objects.filter(starts_at__gte=since).order_by("-starts_at")


def events_for_directory(*, keep: list[int]) -> QuerySet[Event]:
    """Events an organisation may be linked to: those of the last year, the coming ones,
    and those it is already linked to."""
    since = timezone.now() - datetime.timedelta(days=365)
    return Event.objects.filter(Q(starts_at__gte=since) | Q(pk__in=keep)).order_by("-starts_at")


def events_for_open_data(*, chunk_size: int = 1000) -> Iterator[dict[str, Any]]:
    """Every event, oldest first: what, when and where; nobody's registration."""
    rows = Event.objects.order_by("starts_at", "id").values(
        "id", "title", "kind", "starts_at", "ends_at", "place", "online_url", "capacity"
    )
    for row in rows.iterator(chunk_size=chunk_size):
        url = reverse("collaboration:event", args=[row["id"]])
        yield {**row, "url": absolute_url(url)}


def events_count() -> int:
    return Event.objects.count()


def events_span() -> tuple[datetime.datetime, datetime.datetime] | None:
    span = Event.objects.aggregate(first=Min("starts_at"), last=Max("ends_at"))
    return None if span["first"] is None else (span["first"], span["last"])


def events_upcoming(*, now: datetime.datetime, limit: int = 3) -> list[Event]:
    """The next events not yet over, soonest first."""
    return list(Event.objects.filter(ends_at__gte=now).order_by("starts_at", "id")[:limit])


def events_upcoming_count(*, now: datetime.datetime) -> int:
    return Event.objects.filter(ends_at__gte=now).count()
