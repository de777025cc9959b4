"""Events: registration within capacity, the waiting list, attendance, iCalendar."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from smartcity.collaboration import services
from smartcity.collaboration.models import Event, Registration


@pytest.fixture
def workshop(partnership):
    starts = timezone.now() + datetime.timedelta(days=7)
    return Event.objects.create(
        title="Atelier: servicii publice digitale în Bălți",
        kind="workshop",
        agenda="10:00 Deschidere\n10:30 Grupuri de lucru",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        place="Centrul de Inovare și Transfer Tehnologic, Bălți",
        capacity=2,
    )


def _register(event: Event, n: int) -> Registration:
    return services.event_register(event=event, name=f"Persoana {n}", email=f"p{n}@example.md")


def test_past_capacity_people_go_on_the_waiting_list(workshop):
    statuses = [_register(workshop, n).status for n in range(4)]
    assert statuses == ["confirmed", "confirmed", "waiting", "waiting"]


def test_a_cancellation_gives_the_seat_to_the_first_waiting(workshop):
    first, _second, third, fourth = (_register(workshop, n) for n in range(4))
    promoted = services.registration_cancel(registration=first)
    assert promoted == third
    first.refresh_from_db()
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert (third.status, fourth.status) == ("confirmed", "waiting")
    assert None not in (first.status_changed_at, third.status_changed_at)
    assert fourth.status_changed_at is None


def test_one_email_registers_once(workshop):
    _register(workshop, 1)
    with pytest.raises(ValidationError):
        _register(workshop, 1)


def test_the_page_registers_and_the_registrant_cancels_with_the_link(client, workshop):
    response = client.post(
        reverse("collaboration:event", args=[workshop.pk]),
        {"name": "Ana Ceban", "email": "ana@example.md"},
    )
    registration = Registration.objects.get()
    assert response.url == reverse("collaboration:registration", args=[registration.token])
    client.post(response.url)
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_a_registration_without_an_email_is_refused_in_romanian(client, workshop):
    response = client.post(reverse("collaboration:event", args=[workshop.pk]), {"name": "Ana"})
    assert response.status_code == 400
    assert "Acest câmp este obligatoriu" in response.content.decode()


def test_only_the_organiser_or_the_mayors_office_records_attendance(
    client, workshop, partner, mayors_office
):
    came, missed = _register(workshop, 1), _register(workshop, 2)
    with pytest.raises(PermissionDenied):
        services.attendance_record(event=workshop, by=partner, attended_ids={came.pk})
    client.force_login(mayors_office)
    client.post(
        reverse("collaboration:event_attendance", args=[workshop.pk]), {"attended": [came.pk]}
    )
    assert Registration.objects.get(pk=came.pk).attended
    assert not Registration.objects.get(pk=missed.pk).attended


def test_the_calendar_feed_and_the_event_file_are_icalendar(client, workshop):
    feed = Calendar.from_ical(client.get(reverse("collaboration:events_ics")).content)
    entries = feed.walk("VEVENT")
    assert [str(e["summary"]) for e in entries] == [workshop.title]
    single = client.get(reverse("collaboration:event_ics", args=[workshop.pk]))
    assert single["Content-Type"].startswith("text/calendar")
    entry = Calendar.from_ical(single.content).walk("VEVENT")[0]
    assert entry.decoded("dtstart") == workshop.starts_at.replace(microsecond=0)
    assert str(entry["location"]) == workshop.place


def test_an_idea_says_which_event_it_came_from_and_the_event_lists_it(client, partner, workshop):
    from tests.collaboration.test_ideas import COMPLETE

    client.force_login(partner)
    client.post(reverse("collaboration:idea_create"))
    idea = partner.project_ideas.get()
    client.post(
        reverse("collaboration:idea_submit", args=[idea.pk]),
        {**COMPLETE, "events": [workshop.pk]},
    )
    assert list(workshop.ideas.all()) == [idea]
    page = client.get(reverse("collaboration:event", args=[workshop.pk])).content.decode()
    assert COMPLETE["title"] in page


def test_registrants_are_emailed_their_link_and_told_when_a_seat_frees_up(
    workshop, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        first = _register(workshop, 1)
        _register(workshop, 2)
        waiting = services.event_register(
            event=workshop, name="Ion", email="ion@example.md", language="ru"
        )
    assert [m.to for m in mail.outbox] == [["p1@example.md"], ["p2@example.md"], ["ion@example.md"]]
    assert first.token in mail.outbox[0].body
    assert "в листе ожидания" in mail.outbox[2].body
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=first)
    assert mail.outbox[-1].to == ["ion@example.md"]
    assert waiting.token in mail.outbox[-1].body
    assert len(mail.outbox) == 4


def test_registering_for_a_finished_event_is_refused_without_an_error_page(client, partnership):
    starts = timezone.now() - datetime.timedelta(days=3)
    over = Event.objects.create(
        title="Sesiune de informare", kind="information", starts_at=starts, ends_at=starts
    )
    page = client.get(reverse("collaboration:event", args=[over.pk])).content.decode()
    assert 'data-testid="register-form"' not in page
    response = client.post(
        reverse("collaboration:event", args=[over.pk]), {"name": "Ana", "email": "ana@example.md"}
    )
    assert response.status_code == 400
    assert "Acest eveniment s-a încheiat." in response.content.decode()
    assert not Registration.objects.exists()
