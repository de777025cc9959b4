"""Consultative and informative events, and who registered and came."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from smartcity.collaboration.models.ideas import ProjectIdea


class Event(models.Model):
    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("workshop")
        HACKATHON = "hackathon", _("hackathon")
        STUDY_VISIT = "study_visit", _("study visit")
        CONSULTATION = "consultation", _("public consultation")
        INFORMATION = "information", _("information session")
        # The schools' and culture institutions' events, in the same public calendar.
        PERFORMANCE = "performance", _("performance")
        CONCERT = "concert", _("concert")
        EXHIBITION = "exhibition", _("exhibition")
        READING = "reading", _("reading or talk")
        OPEN_DAY = "open_day", _("open day")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=250, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("After the event."))
    ideas = models.ManyToManyField(
        ProjectIdea, blank=True, related_name="events", verbose_name=_("ideas collected")
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organiser"),
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITING = "waiting", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    attended = models.BooleanField(_("attended"), default=False)
    token = models.CharField(_("cancellation token"), max_length=32, unique=True)
    language = models.CharField(_("language"), max_length=5, default="ro")
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    status_changed_at = models.DateTimeField(
        _("status changed at"),
        null=True,
        blank=True,
        help_text=_("When it was cancelled or moved up from the waiting list."),
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="one_active_registration_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.email} ({self.status})"


def _document_path(instance: EventDocument, filename: str) -> str:
    return f"events/{instance.event_id}/{filename}"


class EventDocument(models.Model):
    """A document shared after an event (presentation, list of participants, report);
    read through the event's download view, never straight from the media folder."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="documents", verbose_name=_("event")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_document_path, max_length=250)
    original_name = models.CharField(_("original file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("event document")
        verbose_name_plural = _("event documents")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title
