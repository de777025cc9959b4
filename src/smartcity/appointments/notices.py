"""E-mails to residents about their appointments, each in the language they booked in:
the confirmation (with an .ics invitation and the cancel link) and the reminder the day
before. A reminder goes at most once: `reminded_at` is claimed by a conditional update in
the transaction that sends it, so a rerun or a second worker skips it.
"""

from __future__ import annotations

import datetime
import logging

import icalendar
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from smartcity.appointments import slots
from smartcity.appointments.models import Booking

log = logging.getLogger(__name__)


def manage_url(booking: Booking) -> str:
    path = reverse("appointments:booking", args=[booking.cancel_token])
    return f"{settings.SMARTCITY_SITE_URL}{path}"


def booking_ics(booking: Booking) -> bytes:
    """The appointment as an iCalendar event (RFC 5545), in UTC."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Bălți Smart City//appointments//RO")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = icalendar.Event()
    host = settings.SMARTCITY_SITE_URL.split("://", 1)[-1].split("/", 1)[0]
    event.add("uid", f"appointment-{booking.pk}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", booking.starts_at.astimezone(datetime.UTC))
    event.add("dtend", booking.ends_at.astimezone(datetime.UTC))
    event.add("summary", f"{booking.service.name} — {booking.desk.name}")
    event.add("location", booking.desk.place)
    event.add("description", f"{gettext('Cancel or see the appointment')}: {manage_url(booking)}")
    event.add("status", "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()


def _send(booking: Booking, template: str) -> None:
    with translation.override(booking.language):
        context = {
            "booking": booking,
            "local_start": timezone.localtime(booking.starts_at, slots.city_tz()),
            "manage_url": manage_url(booking),
        }
        subject = " ".join(
            render_to_string(f"appointments/email/{template}_subject.txt", context).split()
        )
        body = render_to_string(f"appointments/email/{template}.txt", context)
        message = EmailMessage(subject, body, None, [booking.email])
        message.attach("appointment.ics", booking_ics(booking), "text/calendar")
    message.send()


def _booking(booking_id: int) -> Booking | None:
    return Booking.objects.select_related("desk", "service").filter(pk=booking_id).first()


def confirmation_send(*, booking_id: int) -> int:
    """The confirmation of a booking still booked; returns how many e-mails went."""
    booking = _booking(booking_id)
    if booking is None or booking.status != Booking.Status.BOOKED or not booking.email:
        return 0
    _send(booking, "confirmation")
    return 1


def reminders_due(now: datetime.datetime) -> list[int]:
    """Booked appointments of tomorrow (the city's calendar) with an e-mail, not yet
    reminded."""
    tz = slots.city_tz()
    tomorrow = now.astimezone(tz).date() + datetime.timedelta(days=1)
    start = datetime.datetime.combine(tomorrow, datetime.time(0), tzinfo=tz)
    end = datetime.datetime.combine(
        tomorrow + datetime.timedelta(days=1), datetime.time(0), tzinfo=tz
    )
    return list(
        Booking.objects.filter(
            status=Booking.Status.BOOKED,
            reminded_at__isnull=True,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .exclude(email="")
        .values_list("pk", flat=True)
    )


def reminder_send(*, booking_id: int, now: datetime.datetime | None = None) -> int:
    """The day-before reminder of one booking, once; returns 1 if it went now."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = Booking.objects.filter(
            pk=booking_id, status=Booking.Status.BOOKED, reminded_at__isnull=True
        ).update(reminded_at=now)
        if not claimed:
            return 0  # sent already, by an earlier round or another worker, or cancelled
        booking = _booking(booking_id)
        assert booking is not None
        # A failed send rolls the claim back: the next round tries again.
        _send(booking, "reminder")
    return 1


def reminders_send_all(*, now: datetime.datetime | None = None) -> int:
    """Every reminder due; returns how many went. One that fails to send (the relay is
    down, an address refused) is logged and left for the next round, and does not keep
    the others from going."""
    now = now or timezone.now()
    sent = 0
    for pk in reminders_due(now):
        try:
            sent += reminder_send(booking_id=pk, now=now)
        except Exception:  # noqa: BLE001 - any mail failure; the claim was rolled back
            log.warning("the reminder of booking %s could not be sent", pk, exc_info=True)
    return sent
