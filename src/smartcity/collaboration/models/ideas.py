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
    language = models.CharField(
        _("language"), max_length=5, default="ro", help_text=_("The author's, for emails.")
    )
    answer = models.TextField(_("public answer"), blank=True)
    accepted_cost = models.DecimalField(
        _("accepted cost (MDL)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    accepted_from = models.DateField(_("accepted period from"), null=True, blank=True)
    accepted_until = models.DateField(_("accepted period until"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

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
    author_notified_at = models.DateTimeField(_("author notified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.from_status} → {self.to_status}"


class EvaluatorAssignment(models.Model):
    """A city evaluator the Mayor's office put on an idea."""

    idea = models.ForeignKey(
        ProjectIdea, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("idea")
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("evaluator"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluator assignment")
        verbose_name_plural = _("evaluator assignments")
        constraints = [
            models.UniqueConstraint(fields=["idea", "evaluator"], name="one_assignment_each")
        ]

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.evaluator_id}"


class EvaluationNote(models.Model):
    """An evaluator's private note: never shown to the public or to the idea's author."""

    idea = models.ForeignKey(
        ProjectIdea,
        on_delete=models.CASCADE,
        related_name="private_notes",
        verbose_name=_("idea"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("private evaluation note")
        verbose_name_plural = _("private evaluation notes")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.text[:40]}"
