"""Writes of appointments: booking, cancelling, marking who came.

No double booking: the partial unique index on active (desk, start) refuses a second
booking of the same time whatever the race, and `booking_create` turns that refusal into
`SlotTakenError`. Bookings of one desk also take the desk's row lock first (PostgreSQL), so a
slot of a longer service cannot overlap a shorter one booked a moment before.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartcity.appointments import slots, tasks
from smartcity.appointments.models import Booking, DeskService, FrontDesk


class SlotTakenError(ValidationError):
    """The time was booked by someone else a moment before."""

    def __init__(self) -> None:
        super().__init__(_("That time was just taken. Please choose another."), code="taken")


def _overlaps(desk: FrontDesk, slot: slots.Slot) -> bool:
    return Booking.objects.filter(
        desk=desk,
        status=Booking.Status.BOOKED,
        starts_at__lt=slot.ends_at,
        ends_at__gt=slot.starts_at,
    ).exists()


def booking_create(
    *,
    desk_service: DeskService,
    starts_at: datetime.datetime,
    name: str,
    phone: str = "",
    email: str = "",
    idnp: str = "",
    language: str = "ro",
    now: datetime.datetime | None = None,
) -> Booking:
    """Book the slot starting at `starts_at` at the desk for the service.

    Raises ValidationError when the time is not a bookable slot (past, outside the hours,
    a holiday, off the grid) or the contact is missing, and SlotTakenError when someone holds
    it. The confirmation e-mail goes after the commit, through the task queue.
    """
    name = name.strip()
    if not name:
        raise ValidationError(_("Please give your name."), code="name")
    if not phone.strip() and not email.strip():
        raise ValidationError(_("Please give a phone number or an e-mail address."), code="contact")
    if not desk_service.desk.is_active or not desk_service.service.bookable:
        raise ValidationError(_("This desk takes no appointments now."), code="closed")
    slot = slots.slot_at(desk_service, starts_at, now=now)
    if slot is None:
        raise ValidationError(_("This time cannot be booked."), code="time")
    booking = Booking(
        desk=desk_service.desk,
        service=desk_service.service,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        name=name,
        phone=phone.strip(),
        email=email.strip(),
        idnp=idnp.strip(),
        language=language,
    )
    booking.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            # Serialises the bookings of one desk on PostgreSQL (SQLite has one writer).
            FrontDesk.objects.select_for_update().filter(pk=desk_service.desk_id).first()
            if _overlaps(desk_service.desk, slot):
                raise SlotTakenError()
            booking.save()
            if booking.email:
                pk = booking.pk
                transaction.on_commit(lambda: tasks.booking_confirmation_send.enqueue(pk))
    except IntegrityError as error:
        # Another request's booking of the same time committed first.
        raise SlotTakenError() from error
    return booking


def booking_cancel(*, token: str, now: datetime.datetime | None = None) -> Booking | None:
    """Cancel the booking with this token, freeing its time at once. Returns the booking
    (cancelled), or None for an unknown token. Refuses (ValidationError) one that is no
    longer booked or whose time has passed."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = Booking.objects.select_for_update().filter(cancel_token=token).first()
        if booking is None:
            return None
        if booking.status != Booking.Status.BOOKED:
            raise ValidationError(_("This appointment is no longer booked."), code="used")
        if booking.starts_at <= now:
            raise ValidationError(_("This appointment has already begun."), code="past")
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = now
        booking.save(update_fields=["status", "cancelled_at"])
    return booking


def booking_mark(*, booking: Booking, status: str, by, now: datetime.datetime | None = None):  # noqa: ANN001, ANN201
    """The desk marks whether the resident came: attended or no-show, from the day of the
    appointment on (a mark can be corrected). Cancelled bookings cannot be marked."""
    now = now or timezone.now()
    if status not in (Booking.Status.ATTENDED, Booking.Status.NO_SHOW):
        raise ValidationError(_("Choose attended or did not come."), code="status")
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status == Booking.Status.CANCELLED:
            raise ValidationError(_("A cancelled appointment cannot be marked."), code="cancelled")
        tz = slots.city_tz()
        if booking.starts_at.astimezone(tz).date() > now.astimezone(tz).date():
            raise ValidationError(_("An appointment can be marked from its day on."), code="future")
        booking.status = status
        booking.marked_by = by
        booking.save(update_fields=["status", "marked_by"])
    return booking
