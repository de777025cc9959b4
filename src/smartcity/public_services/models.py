"""The city hall's catalogue of public services: what a resident can ask for, and how."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# The Administrative Code of Moldova (Law 116/2018, art. 60) gives 30 days to answer a
# petition, extendable once by up to 15 days when the case is complex.
LEGAL_TERM_DAYS = 30


class Service(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation's
    """One service of the catalogue: who may apply, what to bring, what it costs, how long
    the city hall has to answer and which department answers."""

    class Kind(models.TextChoices):
        CERTIFICATE = "certificate", _("certificate")
        PERMIT = "permit", _("permit or authorisation")
        SOCIAL_AID = "social_aid", _("social aid")
        REGISTRATION = "registration", _("registration")
        HOUSING = "housing", _("housing matter")
        OTHER = "other", _("other")

    slug = models.SlugField(_("slug"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    eligibility = models.TextField(_("who may apply"), blank=True)
    documents_required = models.TextField(
        _("documents required"), blank=True, help_text=_("One document per line.")
    )
    fee_lei = models.DecimalField(
        _("fee (lei)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    legal_term_days = models.PositiveSmallIntegerField(
        _("legal term (days)"),
        default=LEGAL_TERM_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    department = models.ForeignKey(
        "city.Department",
        on_delete=models.PROTECT,
        related_name="public_services",
        verbose_name=_("responsible department"),
    )
    applies_online = models.BooleanField(_("can be applied for online"), default=True)
    bookable = models.BooleanField(
        _("appointments at a front desk"),
        default=False,
        help_text=_("Residents can book a time at a front desk for this service."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_illustrative = models.BooleanField(_("illustrative demo data"), default=False)

    class Meta:
        verbose_name = _("public service")
        verbose_name_plural = _("public services")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def documents(self) -> list[str]:
        return [line.strip() for line in self.documents_required.splitlines() if line.strip()]
