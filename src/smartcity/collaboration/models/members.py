"""Who takes part in the partnership, and in which role."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Member(models.Model):
    """A user's role in the collaboration (city staff without one act for the city)."""

    class Role(models.TextChoices):
        PARTNER = "partner", _("partner representative")
        EVALUATOR = "evaluator", _("city evaluator")
        MAYORS_OFFICE = "mayors_office", _("Mayor's office")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="collaboration_member",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("collaboration member")
        verbose_name_plural = _("collaboration members")

    def __str__(self) -> str:
        name = self.user.get_full_name() or self.user.get_username()
        return f"{name} ({self.get_role_display()})"
