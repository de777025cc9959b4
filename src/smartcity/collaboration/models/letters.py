"""The formal letters to the Mayor that submitted ideas produce.

Their numbers come from the city hall's register of correspondence (smartcity.city.register).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from smartcity.collaboration.models.ideas import ProjectIdea


def _letter_path(instance: LetterToMayor, filename: str) -> str:
    return f"letters/{instance.year}/{filename}"


class LetterToMayor(models.Model):
    """The association's registered letter presenting one idea to the Mayor."""

    idea = models.OneToOneField(
        ProjectIdea, on_delete=models.PROTECT, related_name="letter", verbose_name=_("idea")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("registration number"), max_length=40, unique=True)
    registered_at = models.DateTimeField(_("registered at"))
    pdf = models.FileField(_("PDF"), upload_to=_letter_path, blank=True)
    received_on = models.DateField(_("received by the city hall on"), null=True, blank=True)
    incoming_number = models.CharField(_("incoming number"), max_length=40, blank=True)
    receipt_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receipt recorded by"),
    )
    receipt_recorded_at = models.DateTimeField(_("receipt recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("letter to the Mayor")
        verbose_name_plural = _("letters to the Mayor")
        # The number is unique; the sequence alone is not since letters share the
        # chancellery's register (a new code for it starts a new numbering).
        ordering = ["-year", "-sequence"]

    def __str__(self) -> str:
        return self.number
