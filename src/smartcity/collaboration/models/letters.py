"""The formal letters to the Mayor that submitted ideas produce, and their numbering."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from smartcity.collaboration.models.ideas import ProjectIdea


class LetterCounter(models.Model):
    """The last registration number given in a year; locked while the next is taken."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("letter counter")
        verbose_name_plural = _("letter counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


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
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="one_letter_number_a_year")
        ]

    def __str__(self) -> str:
        return self.number
