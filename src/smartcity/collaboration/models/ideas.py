"""Project ideas from the partners, their path through evaluation, and its record."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from smartcity.collaboration.models.needs import Need


class Domain(models.TextChoices):
    EDUCATION = "education", _("education")
    CULTURE = "culture", _("culture")
    TRANSPORT = "transport", _("transport")
    LIGHTING = "lighting", _("street lighting")
    LANDSCAPING = "landscaping", _("landscaping")
    PUBLIC_SERVICES = "public_services", _("public services")
    ENVIRONMENT = "environment", _("environment")
    HOUSING = "housing", _("housing")
    HEALTH = "health", _("health")
    SOCIAL = "social", _("social assistance")
    ECONOMY = "economy", _("economy and business")


class IdeaStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    UNDER_EVALUATION = "under_evaluation", _("under evaluation")
    NEEDS_INFORMATION = "needs_information", _("needs more information")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class ProjectIdea(models.Model):
    """A partner's project idea. Drafts may be incomplete; submission checks it whole."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="project_ideas",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices, blank=True)
    problem = models.TextField(_("problem"), blank=True)
    solution = models.TextField(_("proposed solution"), blank=True)
    cost_estimate = models.DecimalField(
        _("cost estimate (MDL)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    timeline = models.TextField(_("timeline"), blank=True)
    partners = models.TextField(_("partners"), blank=True)
    annexes = models.TextField(
        _("annexes"), blank=True, help_text=_("One document per line, as listed in the letter.")
    )
    needs = models.ManyToManyField(
        Need, blank=True, related_name="ideas", verbose_name=_("needs it answers")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=IdeaStatus.choices, default=IdeaStatus.DRAFT
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("project idea")
        verbose_name_plural = _("project ideas")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["status", "-submitted_at"], name="idea_status_newest")]

    def __str__(self) -> str:
        return self.title or str(_("untitled idea"))

    @property
    def annex_list(self) -> list[str]:
        return [line.strip() for line in self.annexes.splitlines() if line.strip()]


class IdeaStateChange(models.Model):
    """Every change of an idea's status: who, when, and what was said publicly."""

    idea = models.ForeignKey(
        ProjectIdea, on_delete=models.CASCADE, related_name="state_changes", verbose_name=_("idea")
    )
    from_status = models.CharField(_("previous status"), max_length=20, choices=IdeaStatus.choices)
    to_status = models.CharField(_("new status"), max_length=20, choices=IdeaStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    comment = models.TextField(_("public comment"), blank=True)

    class Meta:
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.from_status} → {self.to_status}"
