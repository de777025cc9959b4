"""The city itself: its profile, districts, departments and the staff who work in them."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class CityProfile(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation's
    """The one municipality this installation serves (a single row)."""

    name = models.CharField(_("name"), max_length=120)
    address = models.CharField(_("address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    opens_at = models.TimeField(_("opens at"), default=datetime.time(8, 0))
    closes_at = models.TimeField(_("closes at"), default=datetime.time(17, 0))
    working_days = models.CharField(
        _("working days"), max_length=120, help_text=_("For example: Monday to Friday")
    )
    info_phone = models.CharField(_("info line"), max_length=40)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    time_zone = models.CharField(_("time zone"), max_length=60, default="Europe/Chisinau")
    center_latitude = models.FloatField(_("centre latitude"))
    center_longitude = models.FloatField(_("centre longitude"))
    min_latitude = models.FloatField(_("southern bound"))
    max_latitude = models.FloatField(_("northern bound"))
    min_longitude = models.FloatField(_("western bound"))
    max_longitude = models.FloatField(_("eastern bound"))
    boundary = models.JSONField(
        _("boundary"), help_text=_("GeoJSON Polygon of the municipality"), null=True, blank=True
    )
    boundary_is_approximate = models.BooleanField(_("boundary is approximate"), default=True)
    open311_jurisdiction_id = models.CharField(
        _("Open311 jurisdiction id"), max_length=100, default="balti.md"
    )

    class Meta:
        verbose_name = _("city profile")
        verbose_name_plural = _("city profile")

    def __str__(self) -> str:
        return self.name


class District(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation's
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), unique=True)
    boundary = models.JSONField(_("boundary"), help_text=_("GeoJSON Polygon"))
    is_approximate = models.BooleanField(
        _("approximate shape"),
        default=True,
        help_text=_("The shape was drawn by hand, not taken from an official source."),
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation's
    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("city hall department")
        MUNICIPAL_ENTERPRISE = "enterprise", _("municipal enterprise")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    register_code = models.CharField(
        _("register code"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{2,8}$", _("Two to eight capital Latin letters."))],
        help_text=_("The department's code in the register of correspondence (CAN-2026/0001)."),
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RegisterCounter(models.Model):
    """The last number given in one register (a department's code) in one year; its row
    is locked while the next number is taken."""

    code = models.CharField(_("register code"), max_length=8)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("register counter")
        verbose_name_plural = _("register counters")
        constraints = [
            models.UniqueConstraint(fields=["code", "year"], name="one_register_counter_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.code}-{self.year}: {self.last}"


class StaffMember(models.Model):
    """A city employee's place in the organisation; the login itself is Django's user."""

    class Role(models.TextChoices):
        DISPATCHER = "dispatcher", _("dispatcher")
        DEPARTMENT_STAFF = "department_staff", _("department staff")
        ADMINISTRATOR = "administrator", _("administrator")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_member",
        verbose_name=_("user"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="staff",
        null=True,
        blank=True,
        verbose_name=_("department"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")

    def __str__(self) -> str:
        name = self.user.get_full_name() or self.user.get_username()
        return f"{name} ({self.get_role_display()})"

    @property
    def sees_all_departments(self) -> bool:
        # Dispatchers triage every incoming report; administrators manage everything.
        return self.role in (self.Role.DISPATCHER, self.Role.ADMINISTRATOR)
