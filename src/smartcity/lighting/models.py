"""Dimming profiles: how bright the street lights of a district burn through the night."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DimmingProfile(models.Model):
    """Steps from sunset to sunrise; the profile without a district is the city's default.

    Each step is {"at": "sunset" | "sunrise" | "HH:MM", "offset": minutes, "level": 0..1};
    clock times before noon belong to the morning after the sunset.
    """

    name = models.CharField(_("name"), max_length=120)
    district = models.OneToOneField(
        "city.District",
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="dimming_profile",
    )
    steps = models.JSONField(_("steps"))

    class Meta:
        verbose_name = _("dimming profile")
        verbose_name_plural = _("dimming profiles")
        ordering = ["district__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district"],
                condition=models.Q(district__isnull=True),
                name="one_default_dimming_profile",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return self.name
