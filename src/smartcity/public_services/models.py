"""The city hall's catalogue of public services: what a resident can ask for, and how."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartcity.web.questions import FormQuestion

# The Administrative Code of Moldova (Law 116/2018, art. 60) gives 30 days to answer a
# petition, extendable once by up to 15 days when the case is complex.
LEGAL_TERM_DAYS = 30
EXTENSION_MAX_DAYS = 15


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


class ServiceQuestion(FormQuestion):  # type: ignore[django-manager-missing]  # modeltranslation's
    """A question the service's application form asks (the report categories' pattern)."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="questions", verbose_name=_("service")
    )
    values_text = models.TextField(
        _("choices"),
        blank=True,
        help_text=_("For lists: one choice per line, key|Romanian|Russian|English."),
    )

    class Meta(FormQuestion.Meta):
        verbose_name = _("service question")
        verbose_name_plural = _("service questions")
        constraints = [
            models.UniqueConstraint(fields=["service", "code"], name="unique_service_question")
        ]

    def __str__(self) -> str:
        return f"{self.service.slug}/{self.code}"


class Application(models.Model):
    """A paper entered in the register: a resident's application for a service, or a
    petition (request, proposal, complaint) to a department of the city hall."""

    class Kind(models.TextChoices):
        SERVICE = "service", _("application for a service")
        PETITION = "petition", _("petition")

    class PetitionKind(models.TextChoices):
        REQUEST = "request", _("request")
        PROPOSAL = "proposal", _("proposal")
        COMPLAINT = "complaint", _("complaint")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        IN_REVIEW = "in_review", _("in review")
        EXTENDED = "extended", _("term extended")
        ANSWERED = "answered", _("answered")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Decision(models.TextChoices):
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")

    OPEN_STATUSES = (Status.REGISTERED, Status.IN_REVIEW, Status.EXTENDED)

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("service"),
    )
    petition_kind = models.CharField(
        _("kind of petition"), max_length=10, choices=PetitionKind.choices, blank=True
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True)
    department = models.ForeignKey(
        "city.Department",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("department"),
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("applicant"),
    )
    applicant_name = models.CharField(_("name"), max_length=200)
    idnp = models.CharField(_("IDNP"), max_length=13)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    answers = models.JSONField(_("answers to the service's questions"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=5, default="ro")
    register_code = models.CharField(_("register code"), max_length=8)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("registration number"), max_length=40, unique=True)
    registered_at = models.DateTimeField(_("registered at"))
    legal_deadline = models.DateField(_("legal deadline"))
    deadline = models.DateField(_("deadline"), help_text=_("The legal one, or as extended."))
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    extended_at = models.DateTimeField(_("extended at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answer_pdf = models.FileField(_("answer (PDF)"), upload_to="applications/answers/", blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    is_illustrative = models.BooleanField(_("illustrative demo data"), default=False)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-registered_at"]
        indexes = [
            # The staff queue, each view read in its index's order so a page is a short
            # index range (no sort of the department's papers): open ones by deadline
            # (the overdue first), answered ones newest first, all by registration.
            models.Index(
                fields=["department", "deadline", "id"],
                name="application_queue_open",
                condition=models.Q(status__in=["registered", "in_review", "extended"]),
            ),
            models.Index(
                fields=["department", "-answered_at", "-id"],
                name="application_queue_answered",
                condition=models.Q(status="answered"),
            ),
            models.Index(
                fields=["department", "-registered_at", "-id"], name="application_queue_all"
            ),
            models.Index(fields=["applicant", "-registered_at"], name="application_mine"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def answered_in_term(self) -> bool | None:
        """Answered on or before its deadline (as extended), the day counted in Chișinău;
        None while unanswered. selectors.answered_in_term counts the same in the database."""
        if self.answered_at is None:
            return None
        return timezone.localtime(self.answered_at).date() <= self.deadline

    @property
    def title(self) -> str:
        if self.service_id is not None and self.service is not None:
            return self.service.name
        return self.subject


class ApplicationAttachment(models.Model):
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("application"),
    )
    file = models.FileField(_("file"), upload_to="applications/attachments/")
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class ApplicationEvent(models.Model):
    """One step of an application's history, shown to the resident."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="events", verbose_name=_("application")
    )
    at = models.DateTimeField(_("at"))
    status = models.CharField(_("status"), max_length=12, choices=Application.Status.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.status}"
