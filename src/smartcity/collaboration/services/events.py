"""Writes on events: registering within capacity, the waiting list, attendance."""

from __future__ import annotations

import secrets
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartcity.collaboration import access, tasks
from smartcity.collaboration.models import Event, Registration

Status = Registration.Status


def event_register(*, event: Event, name: str, email: str, language: str = "ro") -> Registration:
    """Register a person: confirmed while seats remain, else on the waiting list.

    The event row is locked while the seats are counted, so two people never take the
    last seat together. The person is emailed the link to their registration.
    """
    name, email = name.strip(), email.strip().lower()
    if not name:
        raise ValidationError({"name": [_("Give your name.")]})
    validate_email(email)
    if event.ends_at < timezone.now():
        raise ValidationError(_("This event is over."))
    try:
        with transaction.atomic():
            locked = Event.objects.select_for_update().get(pk=event.pk)
            taken = locked.registrations.filter(status=Status.CONFIRMED).count()
            full = locked.capacity is not None and taken >= locked.capacity
            registration = Registration.objects.create(
                event=locked,
                name=name[:150],
                email=email,
                status=Status.WAITING if full else Status.CONFIRMED,
                token=secrets.token_urlsafe(16),
                language=language,
            )
            transaction.on_commit(
                lambda: tasks.registration_notify.enqueue(registration.pk, "registered")
            )
            return registration
    except IntegrityError as exc:
        raise ValidationError({"email": [_("This email is already registered.")]}) from exc


def registration_cancel(*, registration: Registration) -> Registration | None:
    """Cancel a registration; a freed seat goes to the first on the waiting list, who is
    returned (None when nobody moved up)."""
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=registration.event_id)
        registration = Registration.objects.get(pk=registration.pk)
        freed = registration.status == Status.CONFIRMED
        registration.status = Status.CANCELLED
        registration.status_changed_at = timezone.now()
        registration.save(update_fields=["status", "status_changed_at"])
        if not freed:
            return None
        promoted = waiting_list_promote(event_id=registration.event_id, seats=1)
        return promoted[0] if promoted else None


def waiting_list_promote(*, event_id: int, seats: int | None) -> list[Registration]:
    """Give `seats` freed seats (None: every one) to the waiting list in the order people
    registered, and email them after the commit; call with the event row locked."""
    waiting = Registration.objects.filter(event_id=event_id, status=Status.WAITING).order_by(
        "created_at", "id"
    )
    promoted = list(waiting if seats is None else waiting[:seats])
    for registration in promoted:
        registration.status = Status.CONFIRMED
        registration.status_changed_at = timezone.now()
        registration.save(update_fields=["status", "status_changed_at"])
        transaction.on_commit(
            partial(tasks.registration_notify.enqueue, registration.pk, "promoted")
        )
    return promoted


def attendance_record(*, event: Event, by, attended_ids: set[int]) -> int:  # noqa: ANN001
    """Mark who came (confirmed registrations among `attended_ids`); the organiser or the
    Mayor's office only. Returns how many attended."""
    if not (access.is_mayors_office(by) or event.organiser_id == getattr(by, "pk", None)):
        raise PermissionDenied(_("Only the organiser records attendance."))
    with transaction.atomic():
        active = event.registrations.filter(status=Status.CONFIRMED)
        active.update(attended=False)
        return active.filter(pk__in=attended_ids).update(attended=True)
