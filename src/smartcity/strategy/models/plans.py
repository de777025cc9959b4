"""Plans (the development strategy, the economic development plan) and their tree:
priorities → objectives → actions, with the actions' progress and milestones."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Plan(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation's
    """A strategic document the city reports progress against."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=250)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Demo content that is not the city's adopted text."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="plan_years_in_order"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Level(models.TextChoices):
    PRIORITY = "priority", _("priority")
    OBJECTIVE = "objective", _("objective")
    ACTION = "action", _("action")


# The level a node's parent must have.
PARENT_LEVEL = {
    Level.PRIORITY: None,
    Level.OBJECTIVE: Level.PRIORITY,
    Level.ACTION: Level.OBJECTIVE,
}


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DELAYED = "delayed", _("delayed")
    COMPLETED = "completed", _("completed")
    CANCELLED = "cancelled", _("cancelled")


class Node(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation's
    """One priority, objective or action of a plan. Only actions carry their own
    progress; objectives and priorities roll their children's up by weight."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="nodes", verbose_name=_("plan")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    code = models.CharField(_("code"), max_length=30)
    title = models.CharField(_("title"), max_length=300)
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Its share in the progress of the level above."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    # Actions only.
    start_year = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("until year"), null=True, blank=True)
    responsible_department = models.ForeignKey(
        "city.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible department"),
    )
    responsible_text = models.CharField(
        _("responsible body"),
        max_length=200,
        blank=True,
        help_text=_("When no department of the city hall answers for it."),
    )
    cost = models.DecimalField(
        _("cost (MDL)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ActionStatus.choices,
        default=ActionStatus.NOT_STARTED,
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    needs: models.ManyToManyField = models.ManyToManyField(
        "collaboration.Need", blank=True, related_name="+", verbose_name=_("needs it serves")
    )
    ideas: models.ManyToManyField = models.ManyToManyField(
        "collaboration.ProjectIdea",
        blank=True,
        related_name="+",
        verbose_name=_("project ideas serving it"),
    )
    projects: models.ManyToManyField = models.ManyToManyField(
        "collaboration.Project",
        blank=True,
        related_name="+",
        verbose_name=_("joint projects serving it"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("strategy item")
        verbose_name_plural = _("strategy items")
        ordering = ["plan", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="node_code_unique_in_plan"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="node_progress_max_100"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_action(self) -> bool:
        return self.level == Level.ACTION

    @property
    def responsible(self) -> str:
        if self.responsible_department is not None:
            return self.responsible_department.name
        return self.responsible_text


class ActionMilestone(models.Model):  # type: ignore[django-manager-missing]
    action = models.ForeignKey(
        Node, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("action")
    )
    title = models.CharField(_("title"), max_length=250)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("action milestone")
        verbose_name_plural = _("action milestones")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title
