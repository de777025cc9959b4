"""Digitalisation needs and their joint prioritisation."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Side(models.TextChoices):
    CITY = "city", _("city hall")
    PARTNER = "partner", _("association partner")


class Criterion(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation's
    """One of the agreed prioritisation criteria, weighted by the administrators."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("what a 5 means"), max_length=300, blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("1.0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Need(models.Model):
    """A public service that departments, partners or residents want digitalised."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    public_service = models.ForeignKey(
        "public_services.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service of the catalogue concerned"),
    )
    service = models.CharField(
        _("service concerned"),
        max_length=200,
        blank=True,
        help_text=_("When it is not in the city hall's catalogue."),
    )
    affected = models.CharField(_("who is affected"), max_length=300)
    evidence = models.TextField(_("evidence"), blank=True)
    category = models.ForeignKey(
        "service_requests.ServiceCategory",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("related report category"),
        help_text=_("Its live number of reports is shown as evidence."),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("digitalisation need")
        verbose_name_plural = _("digitalisation needs")
        ordering = ["-registered_at", "-id"]

    def __str__(self) -> str:
        return self.title


class NeedScore(models.Model):
    """One side's score of a need on one criterion (1 to 5); rescoring replaces it."""

    need = models.ForeignKey(
        Need, on_delete=models.CASCADE, related_name="scores", verbose_name=_("need")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("criterion")
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("scored by"),
    )
    scored_at = models.DateTimeField(_("scored at"), auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["need", "criterion", "side"], name="one_score_per_side_and_criterion"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=1, value__lte=5), name="score_between_1_and_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.need_id}/{self.criterion_id}/{self.side}: {self.value}"


class NeedSupport(models.Model):
    """A resident's support of a need: one per account, or per browser session."""

    need = models.ForeignKey(
        Need, on_delete=models.CASCADE, related_name="supports", verbose_name=_("need")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    session_key = models.CharField(_("session"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(
                fields=["need", "user"],
                condition=Q(user__isnull=False),
                name="one_support_per_user",
            ),
            models.UniqueConstraint(
                fields=["need", "session_key"],
                condition=Q(user__isnull=True),
                name="one_support_per_session",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(session_key=""),
                name="support_has_user_or_session",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.need_id}: {self.user_id or self.session_key[:8]}"
