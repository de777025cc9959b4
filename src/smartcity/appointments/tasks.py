"""Background jobs of appointments: each calls a service and is safe to rerun."""

from __future__ import annotations

from django_tasks import task

from smartcity.appointments import notices


@task()
def booking_confirmation_send(booking_id: int) -> int:
    """Right after a booking is committed: its confirmation with the .ics and cancel link."""
    return notices.confirmation_send(booking_id=booking_id)


@task()
def appointment_reminders_send() -> int:
    """Periodic: the reminders of tomorrow's appointments, each sent once."""
    return notices.reminders_send_all()
