"""Citizen reports (Open311 service requests), their categories and their history."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from smartcity.city.models import Department, District
from smartcity.web.questions import FormQuestion, QuestionDatatype


class ServiceCategory(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation's
    """A kind of problem residents can report (an Open311 service definition)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    group = models.CharField(_("group"), max_length=100, blank=True)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="categories",
        verbose_name=_("department"),
    )
    sla_hours = models.PositiveIntegerField(
        _("time to fix (hours)"), default=72, help_text=_("Service level agreement")
    )
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class CategoryAttribute(FormQuestion):  # type: ignore[django-manager-missing]  # modeltranslation's
    """An extra question asked for one category (an Open311 service definition attribute)."""

    Datatype = QuestionDatatype

    category = models.ForeignKey(
        ServiceCategory,
        on_delete=models.CASCADE,
        related_name="attributes",
        verbose_name=_("category"),
    )
    variable = models.BooleanField(
        _("asked of the reporter"),
        default=True,
        help_text=_("Unticked: informational only, not an input."),
    )

    class Meta(FormQuestion.Meta):
        verbose_name = _("category attribute")
        verbose_name_plural = _("category attributes")
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="unique_attribute_code")
        ]

    def __str__(self) -> str:
        return f"{self.category.code}/{self.code}"


class AttributeValue(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation's
    """One allowed answer of a list attribute."""

    attribute = models.ForeignKey(
        CategoryAttribute,
        on_delete=models.CASCADE,
        related_name="values",
        verbose_name=_("attribute"),
    )
    key = models.CharField(_("key"), max_length=60)
    name = models.CharField(_("name"), max_length=150)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    if TYPE_CHECKING:
        # Added by modeltranslation when the app registry loads (translation.py).
        name_ro: str | None
        name_ru: str | None
        name_en: str | None

    class Meta:
        verbose_name = _("allowed value")
        verbose_name_plural = _("allowed values")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["attribute", "key"], name="unique_attribute_value")
        ]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    OPEN = "open", _("open")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    IN_PROGRESS = "in_progress", _("in progress")
    CLOSED = "closed", _("closed")


class ClosureReason(models.TextChoices):
    FIXED = "fixed", _("fixed")
    DUPLICATE = "duplicate", _("duplicate")
    NOT_RESPONSIBLE = "not_responsible", _("not the city's responsibility")
    NO_FURTHER_ACTION = "no_further_action", _("no further action")
    UNABLE_TO_FIX = "unable_to_fix", _("unable to fix")
    INTERNAL_REFERRAL = "internal_referral", _("referred to another body")


class Source(models.TextChoices):
    WEB = "web", _("website")
    OPEN311 = "open311", _("Open311 API")
    STAFF = "staff", _("entered by staff")
    DEVICE = "device", _("sensor or controller")


class ServiceRequestQuerySet(models.QuerySet["ServiceRequest"]):
    def open(self) -> Self:
        return self.exclude(status=Status.CLOSED)

    def public(self) -> Self:
        return self.filter(is_hidden=False)

    def located(self) -> Self:
        return self.filter(latitude__isnull=False, longitude__isnull=False)

    def to_be_placed(self) -> Self:
        return self.filter(latitude__isnull=True)


class ServiceRequest(models.Model):
    """One report of a problem, from a resident, staff, an integrator or a device."""

    tracking_code = models.CharField(_("tracking code"), max_length=20, unique=True)
    category = models.ForeignKey(
        ServiceCategory,
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("category"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("department"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    closure_reason = models.CharField(
        _("closure reason"), max_length=30, choices=ClosureReason.choices, blank=True
    )
    description = models.TextField(_("description"))
    address = models.CharField(_("address"), max_length=250, blank=True)
    # Both empty for a request whose address nobody could locate (GeoReport v2 takes an
    # address alone): staff place it on the map, see `request_place`.
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("district"),
    )
    attributes = models.JSONField(_("extra answers"), default=dict, blank=True)
    email = models.EmailField(_("email"), blank=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=8, default="ro")
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    device_id = models.CharField(_("device id"), max_length=100, blank=True)
    account_id = models.CharField(_("account id"), max_length=100, blank=True)
    api_client = models.ForeignKey(
        "Open311Client",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("API client"),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_requests",
        verbose_name=_("assigned to"),
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    is_hidden = models.BooleanField(
        _("hidden from the public"),
        default=False,
        help_text=_("For abusive or personal content; the request is still handled."),
    )
    requested_at = models.DateTimeField(_("reported at"), db_index=True)
    updated_at = models.DateTimeField(_("updated at"), db_index=True)
    due_at = models.DateTimeField(_("due at"), db_index=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    fix_check_sent_at = models.DateTimeField(_("fix confirmation asked at"), null=True, blank=True)
    feedback_token = models.CharField(_("feedback token"), max_length=64, blank=True)
    subscribers_notified_at = models.DateTimeField(
        _("subscribers notified at"), null=True, blank=True
    )

    objects = ServiceRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["status", "requested_at"], name="request_status_time"),
            models.Index(fields=["department", "status", "due_at"], name="request_queue"),
            models.Index(fields=["category", "status"], name="request_category_status"),
            models.Index(fields=["latitude", "longitude"], name="request_location"),
            # The public lists and Open311 read the newest first, a page at a time.
            models.Index(fields=["-requested_at", "-id"], name="request_newest"),
            # The dashboard's requests closed in the last 7 days.
            models.Index(fields=["status", "closed_at"], name="request_status_closed"),
            # The open data's public requests, oldest first: a deep page finds where it
            # starts in the index alone.
            models.Index(
                fields=["requested_at", "id"],
                condition=models.Q(is_hidden=False),
                name="request_public_oldest",
            ),
            # When the public requests last changed (the open data's "modified").
            models.Index(
                fields=["updated_at"],
                condition=models.Q(is_hidden=False),
                name="request_public_updated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.category}"

    @property
    def is_located(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class RequestUpdate(models.Model):
    """One entry in a request's history: a status change, a note, a re-routing…"""

    class Kind(models.TextChoices):
        CREATED = "created", _("reported")
        STATUS = "status", _("status changed")
        COMMENT = "comment", _("comment")
        REROUTED = "rerouted", _("re-categorised")
        ASSIGNED = "assigned", _("assigned")
        MERGED = "merged", _("merged as duplicate")
        REOPENED = "reopened", _("reopened by the reporter")
        FEEDBACK = "feedback", _("fix confirmed by the reporter")
        PLACED = "placed", _("placed on the map")

    request = models.ForeignKey(
        ServiceRequest,
        on_delete=models.CASCADE,
        related_name="updates",
        verbose_name=_("request"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status after"), max_length=20, choices=Status.choices)
    closure_reason = models.CharField(
        _("closure reason"), max_length=30, choices=ClosureReason.choices, blank=True
    )
    public_comment = models.TextField(_("public comment"), blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="request_updates",
        verbose_name=_("staff member"),
    )
    by_reporter = models.BooleanField(_("by the reporter"), default=False)
    external_id = models.CharField(
        _("external update id"),
        max_length=100,
        blank=True,
        help_text=_("The update_id an Open311 client sent; repeating it changes nothing."),
    )
    api_client = models.ForeignKey(
        "Open311Client",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="updates",
        verbose_name=_("API client"),
    )
    created_at = models.DateTimeField(_("at"), db_index=True)
    reporter_notified_at = models.DateTimeField(_("reporter notified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("request update")
        verbose_name_plural = _("request updates")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["api_client", "external_id"],
                condition=~models.Q(external_id=""),
                name="unique_external_update",
            )
        ]

    def __str__(self) -> str:
        return f"{self.request.tracking_code}: {self.get_kind_display()}"


def _photo_path(instance: RequestPhoto, filename: str) -> str:
    return f"requests/{instance.request.requested_at:%Y/%m}/{filename}"


class RequestPhoto(models.Model):
    request = models.ForeignKey(
        ServiceRequest,
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name=_("request"),
    )
    image = models.ImageField(
        _("photo"), upload_to=_photo_path, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    created_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.image.name


class Open311Client(models.Model):
    """An integrator allowed to post requests through Open311; only the key's hash is kept."""

    name = models.CharField(_("name"), max_length=150)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    key_prefix = models.CharField(_("key starts with"), max_length=8)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 client")
        verbose_name_plural = _("Open311 clients")

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()


class AreaSubscription(models.Model):
    """A resident's wish to hear of new reports in a district or around a point."""

    email = models.EmailField(_("email"))
    district = models.ForeignKey(
        District,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("district"),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    radius_m = models.PositiveIntegerField(_("radius (m)"), null=True, blank=True)
    category = models.ForeignKey(
        ServiceCategory,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("category"),
    )
    language = models.CharField(_("language"), max_length=8, default="ro")
    token = models.CharField(_("token"), max_length=64, unique=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("area subscription")
        verbose_name_plural = _("area subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(district__isnull=False)
                | models.Q(latitude__isnull=False, longitude__isnull=False, radius_m__isnull=False),
                name="subscription_has_area",
            )
        ]

    def __str__(self) -> str:
        return self.email


class CategoryClassifier(models.Model):
    """A trained text classifier that suggests a category from a report's description."""

    trained_at = models.DateTimeField(_("trained at"))
    sample_count = models.PositiveIntegerField(_("training reports"))
    held_out_accuracy = models.FloatField(_("held-out accuracy"), null=True, blank=True)
    model = models.BinaryField(_("model"))

    class Meta:
        verbose_name = _("category classifier")
        verbose_name_plural = _("category classifiers")
        ordering = ["-trained_at"]
        get_latest_by = "trained_at"

    def __str__(self) -> str:
        return f"{self.trained_at:%Y-%m-%d %H:%M} ({self.sample_count})"
