"""The ecosystem around the partnership: organisations and where they stand."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from smartcity.collaboration.models.events import Event
from smartcity.collaboration.models.projects import Project


class Organisation(models.Model):
    class Kind(models.TextChoices):
        BUSINESS = "business", _("business")
        ACADEMIA = "academia", _("academia")
        SUPPORT = "support", _("support organisation")
        LOCAL_AUTHORITY = "local_authority", _("local public authority")
        CENTRAL_AUTHORITY = "central_authority", _("central public authority")
        INTERNATIONAL = "international", _("international partner")
        NGO = "ngo", _("association")

    class Size(models.TextChoices):
        MICRO = "micro", _("micro (under 10 people)")
        SMALL = "small", _("small (10–49)")
        MEDIUM = "medium", _("medium (50–249)")
        LARGE = "large", _("large (250 or more)")

    class CenterRelation(models.TextChoices):
        NONE = "", _("none")
        MEMBER = "member", _("member")
        RESIDENT = "resident", _("resident of the center")
        PARTNER = "partner", _("partner")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    sector = models.CharField(_("sector"), max_length=120, blank=True)
    size = models.CharField(_("size"), max_length=10, choices=Size.choices, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    location_is_approximate = models.BooleanField(_("approximate location"), default=True)
    center_relation = models.CharField(
        _("relation to the Innovation and Technology Transfer Center"),
        max_length=10,
        choices=CenterRelation.choices,
        blank=True,
    )
    projects = models.ManyToManyField(
        Project, blank=True, related_name="organisations", verbose_name=_("projects")
    )
    events = models.ManyToManyField(
        Event, blank=True, related_name="organisations", verbose_name=_("events")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    updated_at = models.DateTimeField(_("last changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"], name="organisation_kind_name")]

    def __str__(self) -> str:
        return self.name
