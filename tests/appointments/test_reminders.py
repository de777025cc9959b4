import time_machine
from django.core import mail

from smartcity.appointments import notices, services
from smartcity.appointments.models import Booking
from tests.appointments.conftest import at, booked


def test_tomorrows_appointment_is_reminded_once(desk_service):
    booking = booked(desk_service, at(22, 9), email="maria@example.md")
    later = booked(desk_service, at(23, 9), email="ion@example.md", name="Ion Rotaru")
    mail.outbox.clear()
    assert notices.reminders_send_all() == 1
    assert notices.reminders_send_all() == 0
    (reminder,) = mail.outbox
    assert reminder.to == ["maria@example.md"] and "mâine" in reminder.subject  # Romanian first
    assert Booking.objects.get(pk=booking.pk).reminded_at is not None
    assert Booking.objects.get(pk=later.pk).reminded_at is None


def test_a_cancelled_appointment_gets_no_reminder(desk_service):
    booking = booked(desk_service, at(22, 9), email="maria@example.md")
    services.booking_cancel(token=booking.cancel_token)
    mail.outbox.clear()
    assert notices.reminders_send_all() == 0
    assert mail.outbox == []


def test_a_failed_send_is_tried_again_by_the_next_round(desk_service, monkeypatch):
    booked(desk_service, at(22, 9), email="maria@example.md")
    mail.outbox.clear()

    def broken(booking, template):  # noqa: ANN001, ANN202
        raise OSError("relay down")

    monkeypatch.setattr(notices, "_send", broken)
    assert notices.reminders_send_all() == 0
    monkeypatch.undo()
    with time_machine.travel(at(21, 11), tick=False):
        assert notices.reminders_send_all() == 1


def test_a_reminder_that_fails_does_not_keep_the_others_from_going(desk_service, monkeypatch):
    booked(desk_service, at(22, 9), email="maria@example.md")
    booked(desk_service, at(22, 10), email="ion@example.md", name="Ion Rotaru")
    mail.outbox.clear()
    send = notices._send

    def refused_for_maria(booking, template):  # noqa: ANN001, ANN202
        if booking.email == "maria@example.md":
            raise OSError("address refused")
        return send(booking, template)

    monkeypatch.setattr(notices, "_send", refused_for_maria)

    assert notices.reminders_send_all() == 1
    assert [m.to for m in mail.outbox] == [["ion@example.md"]]
    assert Booking.objects.get(email="maria@example.md").reminded_at is None
