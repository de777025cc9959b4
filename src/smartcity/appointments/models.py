"""Appointments at the city hall's front desks (ghișee).

Free times are computed on the fly from the city's working hours, the desk's lunch break,
Moldova's public holidays and the bookings already made (see slots.py); there is no slot
table to fill by a job and to keep in step when the hours change. What makes a time taken
is an active booking: a partial unique index on (desk, start) among booked rows, portable
to SQLite, refuses a second one whatever the race.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from smartcity.public_services.models import Service


def cancel_token() -> str:
    return secrets.token_urlsafe(24)


class FrontDesk(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation's
    """One front desk (ghișeu) of the city hall: where it is, which department staffs it,
    and which services residents can book there."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    place = models.CharField(
        _("place"), max_length=200, help_text=_("Building, floor and room, as a visitor reads it.")
    )
    department = models.ForeignKey(
        "city.Department",
        on_delete=models.PROTECT,
        related_name="front_desks",
        verbose_name=_("department"),
    )
    services: models.ManyToManyField[Service, DeskService] = models.ManyToManyField(
        Service,
        through="DeskService",
        related_name="front_desks",
        verbose_name=_("services"),
    )
    lunch_starts_at = models.TimeField(_("lunch break from"), null=True, blank=True)
    lunch_ends_at = models.TimeField(_("lunch break until"), null=True, blank=True)
    is_active = models.BooleanField(_("open for booking"), default=True)
    is_illustrative = models.BooleanField(_("illustrative demo data"), default=False)

    class Meta:
        verbose_name = _("front desk")
        verbose_name_plural = _("front desks")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lunch_starts_at__isnull=True, lunch_ends_at__isnull=True)
                | Q(lunch_starts_at__lt=models.F("lunch_ends_at")),
                name="appointments_desk_lunch_is_a_span",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class DeskService(models.Model):
    """A service one desk answers, and how long one appointment for it lasts there."""

    desk = models.ForeignKey(FrontDesk, on_delete=models.CASCADE, related_name="desk_services")
    service = models.ForeignKey(
        "public_services.Service", on_delete=models.CASCADE, related_name="desk_services"
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot length (minutes)"),
        default=15,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )

    class Meta:
        verbose_name = _("service at a desk")
        verbose_name_plural = _("services at desks")
        constraints = [
            models.UniqueConstraint(fields=["desk", "service"], name="appointments_desk_service"),
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=5, slot_minutes__lte=240),
                name="appointments_slot_minutes_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.desk} · {self.service}"


class Booking(models.Model):
    """A resident's appointment at a desk. Only `booked` rows hold their time."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("booked")
        CANCELLED = "cancelled", _("cancelled")
        ATTENDED = "attended", _("attended")
        NO_SHOW = "no_show", _("did not come")

    desk = models.ForeignKey(
        FrontDesk, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("desk")
    )
    service = models.ForeignKey(
        "public_services.Service",
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("service"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    idnp = models.CharField(
        _("IDNP"),
        max_length=13,
        blank=True,
        validators=[RegexValidator(r"^\d{13}$", _("An IDNP has 13 digits."))],
    )
    language = models.CharField(_("language"), max_length=8, default="ro")
    cancel_token = models.CharField(max_length=64, unique=True, default=cancel_token)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.BOOKED
    )
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked by"),
    )
    is_illustrative = models.BooleanField(_("illustrative demo data"), default=False)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["starts_at"]
        constraints = [
            # The guard against double booking: one active booking per desk and time. A
            # partial unique index on PostgreSQL and SQLite alike; cancelling frees it.
            models.UniqueConstraint(
                fields=["desk", "starts_at"],
                condition=Q(status="booked"),
                name="appointments_one_active_booking_per_desk_time",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="appointments_booking_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(phone="", email=""), name="appointments_booking_has_a_contact"
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"], name="appointments_due_idx")]

    def __str__(self) -> str:
        return f"{self.desk} {self.starts_at:%Y-%m-%d %H:%M} {self.name}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.BOOKED
