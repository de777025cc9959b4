"""The city's schools, kindergartens, libraries, museums, theatres and culture houses,
their opening hours, their events, and the kindergarten places per district."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from smartcity.city.models import Department, District
from smartcity.collaboration.models import Event


class Sector(models.TextChoices):
    EDUCATION = "education", _("education")
    CULTURE = "culture", _("culture")


class Institution(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation's
    class Kind(models.TextChoices):
        KINDERGARTEN = "kindergarten", _("kindergarten")
        PRIMARY_SCHOOL = "primary_school", _("primary school")
        GYMNASIUM = "gymnasium", _("gymnasium")
        LYCEUM = "lyceum", _("lyceum")
        ART_SCHOOL = "art_school", _("art or music school")
        SPORTS_SCHOOL = "sports_school", _("sports school")
        UNIVERSITY = "university", _("university or college")
        LIBRARY = "library", _("library")
        MUSEUM = "museum", _("museum")
        THEATRE = "theatre", _("theatre")
        CULTURE_HOUSE = "culture_house", _("culture house")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=200)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    location_is_approximate = models.BooleanField(
        _("approximate address and position"),
        default=False,
        help_text=_("Placed by hand, not checked against an official register."),
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="institutions",
        verbose_name=_("district"),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # Languages of instruction, as ISO 639-1 codes ("ro", "ru"): schools and kindergartens.
    languages = models.JSONField(_("languages of instruction"), default=list, blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="institutions",
        verbose_name=_("responsible department"),
    )
    is_illustrative = models.BooleanField(_("illustrative (demo) data"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def sector(self) -> str:
        return sector_of(self.kind)


CULTURE_KINDS = frozenset(
    {
        Institution.Kind.LIBRARY,
        Institution.Kind.MUSEUM,
        Institution.Kind.THEATRE,
        Institution.Kind.CULTURE_HOUSE,
    }
)
SCHOOL_KINDS = frozenset(
    {
        Institution.Kind.PRIMARY_SCHOOL,
        Institution.Kind.GYMNASIUM,
        Institution.Kind.LYCEUM,
        Institution.Kind.ART_SCHOOL,
        Institution.Kind.SPORTS_SCHOOL,
        Institution.Kind.KINDERGARTEN,
    }
)


def sector_of(kind: str) -> str:
    return Sector.CULTURE if kind in CULTURE_KINDS else Sector.EDUCATION


def kinds_of(sector: str) -> list[str]:
    return [k for k in Institution.Kind.values if sector_of(k) == sector]


class OpeningHours(models.Model):
    """One interval of one weekday (0 Monday … 6 Sunday) in the city's local time; a day
    without intervals is closed, a day may have two (a lunch break)."""

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="hours", verbose_name=_("institution")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"))
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday__lte=6) & Q(closes_at__gt=models.F("opens_at")),
                name="opening_hours_valid",
            )
        ]


class InstitutionEvent(models.Model):
    """An event of the public calendar held at, or organised by, an institution."""

    class Role(models.TextChoices):
        VENUE = "venue", _("held at")
        ORGANISER = "organiser", _("organised by")

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="institution_link", verbose_name=_("event")
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        related_name="event_links",
        verbose_name=_("institution"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.VENUE)

    class Meta:
        verbose_name = _("institution's event")
        verbose_name_plural = _("institutions' events")


class KindergartenPlaces(models.Model):
    """The places in a district's kindergartens for a period, as the city published them."""

    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="kindergarten_places",
        verbose_name=_("district"),
    )
    period = models.CharField(_("period"), max_length=20, help_text=_("e.g. 2026–2027"))
    capacity = models.PositiveIntegerField(_("capacity"))
    enrolled = models.PositiveIntegerField(_("enrolled"))
    waiting_list = models.PositiveIntegerField(_("waiting list"))
    free_places = models.PositiveIntegerField(_("free places"))
    source = models.CharField(_("source"), max_length=200)
    published_on = models.DateField(_("published on"))
    is_illustrative = models.BooleanField(_("illustrative (demo) data"), default=False)
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("kindergarten places")
        verbose_name_plural = _("kindergarten places")
        ordering = ["-period", "district__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "period"], name="kindergarten_places_once_per_period"
            )
        ]
