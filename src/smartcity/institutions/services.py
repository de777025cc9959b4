"""Writes: institutions with their hours, their events in the public calendar, and the
kindergarten places per district."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartcity.city.models import Department, District
from smartcity.city.selectors import city_profile, location_of
from smartcity.collaboration import services as collaboration_services
from smartcity.collaboration.models import Event
from smartcity.institutions import access
from smartcity.institutions.hours import Week
from smartcity.institutions.models import (
    Institution,
    InstitutionEvent,
    KindergartenPlaces,
    OpeningHours,
)

LANGUAGES = ("ro", "ru", "en", "uk", "bg", "fr", "de")


@dataclass
class InstitutionDetails:
    """What the staff enter for an institution; checked whole by `institution_validate`."""

    kind: str
    name_ro: str
    address: str
    latitude: float
    longitude: float
    department: Department
    name_ru: str = ""
    name_en: str = ""
    district: District | None = None
    phone: str = ""
    email: str = ""
    website: str = ""
    languages: list[str] = field(default_factory=list)
    hours: Week = field(default_factory=dict)
    location_is_approximate: bool = False
    is_illustrative: bool = False


def _contacts_check(details: InstitutionDetails, errors: dict[str, list[str]]) -> None:
    if details.email:
        try:
            validate_email(details.email)
        except ValidationError:
            errors["email"] = [_("Enter a valid email address.")]
    if details.website:
        try:
            URLValidator(schemes=["http", "https"])(details.website)
        except ValidationError:
            errors["website"] = [_("Enter a valid web address.")]
    unknown = [code for code in details.languages if code not in LANGUAGES]
    if unknown:
        errors["languages"] = [_("Unknown language: %(codes)s.") % {"codes": ", ".join(unknown)}]


def _place_check(details: InstitutionDetails, errors: dict[str, list[str]]) -> None:
    if city_profile() is None:
        return
    place = location_of(latitude=details.latitude, longitude=details.longitude)
    if not place.inside_city:
        errors["latitude"] = [_("The position is outside the city.")]
    elif details.district is None:
        details.district = place.district


def institution_validate(details: InstitutionDetails) -> None:
    """Raise a ValidationError naming every wrong field, in the user's language; a
    position inside the city without a district gets the district it lies in."""
    errors: dict[str, list[str]] = {}
    if details.kind not in Institution.Kind.values:
        errors["kind"] = [_("Choose the kind of institution.")]
    if not details.name_ro.strip():
        errors["name_ro"] = [_("Give the name in Romanian.")]
    if not details.address.strip():
        errors["address"] = [_("Give the address.")]
    _place_check(details, errors)
    _contacts_check(details, errors)
    if any(day not in range(7) for day in details.hours):
        errors["hours"] = [_("A weekday is from 0 (Monday) to 6 (Sunday).")]
    if errors:
        raise ValidationError(errors)


def _apply(institution: Institution, details: InstitutionDetails) -> None:
    institution.kind = details.kind
    institution.name_ro = details.name_ro.strip()[:200]  # type: ignore[attr-defined]
    institution.name_ru = details.name_ru.strip()[:200] or None  # type: ignore[attr-defined]
    institution.name_en = details.name_en.strip()[:200] or None  # type: ignore[attr-defined]
    institution.address = details.address.strip()[:200]
    institution.latitude = details.latitude
    institution.longitude = details.longitude
    institution.district = details.district
    institution.phone = details.phone.strip()[:40]
    institution.email = details.email.strip()
    institution.website = details.website.strip()
    institution.languages = list(dict.fromkeys(details.languages))
    institution.department = details.department
    institution.location_is_approximate = details.location_is_approximate
    institution.is_illustrative = details.is_illustrative


def _hours_replace(institution: Institution, week: Week) -> None:
    institution.hours.all().delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(institution=institution, weekday=day, opens_at=opens, closes_at=closes)
        for day, intervals in sorted(week.items())
        for opens, closes in intervals
    )


def institution_save(
    *,
    details: InstitutionDetails,
    institution: Institution | None = None,
    by=None,  # noqa: ANN001
) -> Institution:
    """Add an institution (None) or change one, with its weekly hours, in one transaction.
    With `by`, only who `access` allows may: their department's institutions."""
    if by is not None:
        allowed = (
            access.may_add_institution(by, details.kind)
            if institution is None
            else access.may_edit_institution(by, institution)
            and access.may_add_institution(by, details.kind)
        )
        if not allowed:
            raise PermissionDenied(_("You may not change this institution."))
    institution_validate(details)
    with transaction.atomic():
        target = institution or Institution()
        _apply(target, details)
        target.save()
        _hours_replace(target, details.hours)
    return target


def institution_event_create(
    *,
    by,  # noqa: ANN001
    institution: Institution,
    details: collaboration_services.EventDetails,
    role: str = InstitutionEvent.Role.VENUE,
) -> Event:
    """Announce an event of the institution in the public calendar: the events module
    creates it (its author is its organiser), and it is linked here in one transaction."""
    if not access.may_edit_institution(by, institution):
        raise PermissionDenied(_("You may not announce events of this institution."))
    if role not in InstitutionEvent.Role.values:
        raise ValidationError({"role": [_("Choose how the institution takes part.")]})
    if not details.place.strip():
        details.place = f"{institution.name}, {institution.address}"
    with transaction.atomic():
        event = collaboration_services.event_create(by=by, details=details)
        InstitutionEvent.objects.create(event=event, institution=institution, role=role)
    return event


def institution_event_link(
    *,
    by,  # noqa: ANN001
    institution: Institution,
    event: Event,
    role: str = InstitutionEvent.Role.VENUE,
) -> InstitutionEvent:
    """Link an event already in the calendar to the institution (or move its link)."""
    if not access.may_edit_institution(by, institution):
        raise PermissionDenied(_("You may not announce events of this institution."))
    if role not in InstitutionEvent.Role.values:
        raise ValidationError({"role": [_("Choose how the institution takes part.")]})
    link, _created = InstitutionEvent.objects.update_or_create(
        event=event, defaults={"institution": institution, "role": role}
    )
    return link


@dataclass(frozen=True)
class PlacesEntry:
    district: District
    period: str
    capacity: int
    enrolled: int
    waiting_list: int
    source: str
    published_on: datetime.date
    free_places: int | None = None  # None: capacity − enrolled, never below 0
    is_illustrative: bool = False


def places_validate(entry: PlacesEntry) -> None:
    errors: dict[str, list[str]] = {}
    if not entry.period.strip():
        errors["period"] = [_("Give the period, e.g. 2026–2027.")]
    if not entry.source.strip():
        errors["source"] = [_("Say where the figures were published.")]
    for name in ("capacity", "enrolled", "waiting_list", "free_places"):
        value = getattr(entry, name)
        if value is not None and value < 0:
            errors[name] = [_("A number of places is never negative.")]
    if entry.free_places is not None and entry.free_places > entry.capacity:
        errors["free_places"] = [_("There are more free places than places.")]
    if entry.published_on > timezone.localdate():
        errors["published_on"] = [_("The publication date is in the future.")]
    if errors:
        raise ValidationError(errors)


def places_save(*, entries: Iterable[PlacesEntry], by=None) -> list[KindergartenPlaces]:  # noqa: ANN001
    """Save the places of each district and period (replacing what that district had for
    that period), all or none: every entry is checked before anything is written."""
    if by is not None and not access.may_edit_places(by):
        raise PermissionDenied(_("Only the education directorate enters kindergarten places."))
    entries = list(entries)
    for entry in entries:
        places_validate(entry)
    now = timezone.now()
    saved = []
    with transaction.atomic():
        for entry in entries:
            free = entry.free_places
            if free is None:
                free = max(entry.capacity - entry.enrolled, 0)
            row, _created = KindergartenPlaces.objects.update_or_create(
                district=entry.district,
                period=entry.period.strip(),
                defaults={
                    "capacity": entry.capacity,
                    "enrolled": entry.enrolled,
                    "waiting_list": entry.waiting_list,
                    "free_places": free,
                    "source": entry.source.strip()[:200],
                    "published_on": entry.published_on,
                    "is_illustrative": entry.is_illustrative,
                    "recorded_at": now,
                },
            )
            saved.append(row)
    return saved
