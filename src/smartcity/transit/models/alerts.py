"""Service alerts staff publish (detours, roadworks), shaped after GTFS-Realtime Alert."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AlertCause(models.IntegerChoices):
    """GTFS-RT Alert.Cause."""

    UNKNOWN_CAUSE = 1, _("Unknown cause")
    OTHER_CAUSE = 2, _("Other cause")
    TECHNICAL_PROBLEM = 3, _("Technical problem")
    STRIKE = 4, _("Strike")
    DEMONSTRATION = 5, _("Demonstration")
    ACCIDENT = 6, _("Accident")
    HOLIDAY = 7, _("Holiday")
    WEATHER = 8, _("Weather")
    MAINTENANCE = 9, _("Maintenance")
    CONSTRUCTION = 10, _("Roadworks")
    POLICE_ACTIVITY = 11, _("Police activity")
    MEDICAL_EMERGENCY = 12, _("Medical emergency")


class AlertEffect(models.IntegerChoices):
    """GTFS-RT Alert.Effect."""

    NO_SERVICE = 1, _("No service")
    REDUCED_SERVICE = 2, _("Reduced service")
    SIGNIFICANT_DELAYS = 3, _("Significant delays")
    DETOUR = 4, _("Detour")
    ADDITIONAL_SERVICE = 5, _("Additional service")
    MODIFIED_SERVICE = 6, _("Modified service")
    OTHER_EFFECT = 7, _("Other effect")
    UNKNOWN_EFFECT = 8, _("Unknown effect")
    STOP_MOVED = 9, _("Stop moved")
    NO_EFFECT = 10, _("No effect")
    ACCESSIBILITY_ISSUE = 11, _("Accessibility issue")


class AlertSeverity(models.IntegerChoices):
    """GTFS-RT Alert.SeverityLevel."""

    UNKNOWN_SEVERITY = 1, _("Unknown severity")
    INFO = 2, _("Information")
    WARNING = 3, _("Warning")
    SEVERE = 4, _("Severe")


class ServiceAlert(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation's
    """An alert is in force from `active_from` until `active_until` (open when null);
    it names lines and/or stops it affects (GTFS-RT informed_entity)."""

    header = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("more information"), blank=True)
    cause = models.PositiveSmallIntegerField(
        _("cause"), choices=AlertCause.choices, default=AlertCause.UNKNOWN_CAUSE
    )
    effect = models.PositiveSmallIntegerField(
        _("effect"), choices=AlertEffect.choices, default=AlertEffect.UNKNOWN_EFFECT
    )
    severity = models.PositiveSmallIntegerField(
        _("severity"), choices=AlertSeverity.choices, default=AlertSeverity.WARNING
    )
    active_from = models.DateTimeField(_("in force from"))
    active_until = models.DateTimeField(_("in force until"), null=True, blank=True)
    routes: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "transit.Route", verbose_name=_("lines"), blank=True, related_name="alerts"
    )
    stops: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "transit.Stop", verbose_name=_("stops"), blank=True, related_name="alerts"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("published at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("service alert")
        verbose_name_plural = _("service alerts")
        ordering = ["-active_from", "-id"]
        indexes = [
            models.Index(fields=["active_from", "active_until"], name="transit_alert_active")
        ]

    def __str__(self) -> str:
        return self.header
