"""The record of every change to the plans: who, when, what changed from what."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from smartcity.strategy.models.indicators import Indicator
from smartcity.strategy.models.plans import Node, Plan


class ChangeRecord(models.Model):
    """One change, kept for staff (never shown publicly: it names the people)."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("progress updated")
        MILESTONE = "milestone", _("milestone")
        VALUE = "value", _("indicator value")
        COMPUTED = "computed", _("computed value")
        IMPORT = "import", _("import")
        ADDED = "added", _("item added")
        EDITED = "edited", _("item edited")
        REMOVED = "removed", _("item removed")
        LINKS = "links", _("links to collaboration")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="changes", verbose_name=_("plan")
    )
    node = models.ForeignKey(
        Node,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("item"),
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("indicator"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("change record")
        verbose_name_plural = _("change records")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.changed_at:%Y-%m-%d}"
