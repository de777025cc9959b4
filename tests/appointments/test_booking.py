import datetime
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection

from smartcity.appointments import services
from smartcity.appointments.models import Booking
from tests.appointments.conftest import at, booked


def test_a_booking_is_confirmed_by_email_with_an_ics_and_the_cancel_link(
    desk_service, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = booked(desk_service, at(22, 9), email="maria@example.md", phone="")
    (message,) = mail.outbox
    assert message.to == ["maria@example.md"]
    assert booking.cancel_token in message.body
    (name, ics, mimetype) = message.attachments[0]
    assert mimetype == "text/calendar" and name == "appointment.ics"
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert "DTSTART:20261222T070000Z" in ics and "Piața Independenței 1" in ics


def test_the_same_time_twice_is_refused_as_taken(desk_service):
    booked(desk_service, at(22, 9))
    with pytest.raises(services.SlotTakenError, match="just taken"):
        booked(desk_service, at(22, 9), name="Ion Rotaru")
    assert Booking.objects.count() == 1


def test_a_race_past_the_check_is_stopped_by_the_unique_index(desk_service, monkeypatch):
    booked(desk_service, at(22, 9))
    monkeypatch.setattr(services, "_overlaps", lambda desk, slot: False)
    with pytest.raises(services.SlotTakenError):
        booked(desk_service, at(22, 9), name="Ion Rotaru")
    assert Booking.objects.filter(status="booked").count() == 1


def test_a_booking_without_contact_or_off_hours_is_refused(desk_service):
    with pytest.raises(ValidationError, match="phone number or an e-mail"):
        booked(desk_service, at(22, 9), phone="")
    with pytest.raises(ValidationError, match="cannot be booked"):
        booked(desk_service, at(22, 18))
    with pytest.raises(ValidationError, match="cannot be booked"):
        booked(desk_service, at(25, 9))  # Christmas


def test_cancelling_frees_the_time_at_once(desk_service):
    first = booked(desk_service, at(22, 9))
    services.booking_cancel(token=first.cancel_token)
    again = booked(desk_service, at(22, 9), name="Ion Rotaru")
    assert again.status == "booked"
    assert Booking.objects.get(pk=first.pk).status == "cancelled"


def test_a_used_cancel_token_is_refused_and_a_wrong_one_is_unknown(desk_service):
    booking = booked(desk_service, at(22, 9))
    services.booking_cancel(token=booking.cancel_token)
    with pytest.raises(ValidationError, match="no longer booked"):
        services.booking_cancel(token=booking.cancel_token)
    assert services.booking_cancel(token="not-a-token") is None


def test_an_appointment_is_marked_only_from_its_day_on(desk_service, architect):
    today = booked(desk_service, at(21, 14))
    tomorrow = booked(desk_service, at(22, 9))
    services.booking_mark(booking=today, status="attended", by=architect)
    assert Booking.objects.get(pk=today.pk).status == "attended"
    with pytest.raises(ValidationError, match="from its day on"):
        services.booking_mark(booking=tomorrow, status="no_show", by=architect)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_many_threads_booking_one_time_make_exactly_one_booking(desk_service):
    outcomes: list[str] = []
    start = threading.Barrier(12)

    def attempt(n: int) -> None:
        try:
            start.wait()
            booked(desk_service, at(22, 9), name=f"Resident {n}")
            outcomes.append("booked")
        except services.SlotTakenError:
            outcomes.append("taken")
        except Exception as error:  # noqa: BLE001 - any other outcome fails the test
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["booked"] + ["taken"] * 11
    assert Booking.objects.filter(status="booked", starts_at=at(22, 9)).count() == 1
    assert datetime.timedelta(minutes=30) == (
        Booking.objects.get(status="booked").ends_at - at(22, 9)
    )
