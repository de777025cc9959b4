"""The institutions' events in the events module's public calendar and in iCalendar."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from icalendar import Calendar

from smartcity.collaboration.models import Event
from smartcity.collaboration.services import EventDetails
from smartcity.institutions import selectors, services
from tests.institutions.conftest import DAY, HOUR, NOW, staff_login


def announce(client, institutions, kind="theatre", title="Spectacol: „Chirița”", **changes):
    user = staff_login(client, "cultura" if kind == "theatre" else "invatamant")
    values = {
        "title": title,
        "kind": "performance",
        "starts_at": NOW + 2 * DAY,
        "ends_at": NOW + 2 * DAY + 2 * HOUR,
    }
    return services.institution_event_create(
        by=user, institution=institutions[kind], details=EventDetails(**(values | changes))
    )


def test_an_announced_event_is_in_the_calendar_at_the_institution(client, institutions):
    event = announce(client, institutions)
    assert Event.objects.get(pk=event.pk).place.startswith("Teatrul Național")
    assert selectors.institution_of_event(event.pk) == institutions["theatre"]
    upcoming = selectors.institution_events_upcoming(institutions["theatre"], now=NOW)
    assert upcoming == [event]


def test_another_directorate_may_not_announce_an_event_of_the_theatre(client, institutions):
    user = staff_login(client, "invatamant")
    with pytest.raises(PermissionDenied):
        services.institution_event_create(
            by=user,
            institution=institutions["theatre"],
            details=EventDetails(
                title="x", kind="concert", starts_at=NOW + DAY, ends_at=NOW + DAY + HOUR
            ),
        )
    assert not Event.objects.exists()


def test_the_public_calendar_filters_by_education_or_culture(client, institutions):
    announce(client, institutions)
    services.institution_event_create(
        by=staff_login(client, "invatamant"),
        institution=institutions["gymnasium"],
        details=EventDetails(
            title="Ziua ușilor deschise",
            kind="open_day",
            starts_at=NOW + 3 * DAY,
            ends_at=NOW + 3 * DAY + HOUR,
        ),
    )
    culture = client.get(reverse("collaboration:events"), {"only": "culture"}).content.decode()
    education = client.get(reverse("collaboration:events"), {"only": "education"}).content.decode()
    everything = client.get(reverse("collaboration:events")).content.decode()
    assert "Chirița" in culture and "Ziua ușilor deschise" not in culture
    assert "Ziua ușilor deschise" in education and "Chirița" not in education
    assert "Chirița" in everything and "Ziua ușilor deschise" in everything
    assert 'data-testid="event-filter-culture"' in everything


def test_the_calendar_feed_of_culture_is_valid_icalendar_with_only_its_events(client, institutions):
    announce(client, institutions)
    response = client.get(reverse("collaboration:events_ics"), {"only": "education"})
    assert response["Content-Type"].startswith("text/calendar")
    assert Calendar.from_ical(response.content).walk("VEVENT") == []
    feed = Calendar.from_ical(
        client.get(reverse("collaboration:events_ics"), {"only": "culture"}).content
    )
    assert [str(e["SUMMARY"]) for e in feed.walk("VEVENT")] == ["Spectacol: „Chirița”"]


def test_the_institutions_own_feed_is_valid_icalendar_with_times_in_utc(client, institutions):
    event = announce(client, institutions)
    client.logout()
    url = reverse("institutions:institution_ics", args=[institutions["theatre"].pk])
    calendar = Calendar.from_ical(client.get(url).content)
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Spectacol: „Chirița”"
    assert entry.decoded("DTSTART") == NOW + 2 * DAY
    assert str(entry["UID"]).startswith(f"event-{event.pk}@")
    assert "Teatrul Național" in str(entry["LOCATION"])
    assert "Teatrul Național" in str(calendar["X-WR-CALNAME"])
    other = reverse("institutions:institution_ics", args=[institutions["gymnasium"].pk])
    assert Calendar.from_ical(client.get(other).content).walk("VEVENT") == []


def test_an_existing_event_is_linked_to_the_institution(client, institutions):
    event = announce(client, institutions)
    user = staff_login(client, "invatamant")
    services.institution_event_link(
        by=user, institution=institutions["gymnasium"], event=event, role="organiser"
    )
    assert selectors.institution_of_event(event.pk) == institutions["gymnasium"]
