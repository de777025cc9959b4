"""Writes on the directory of organisations: adding and changing an entry."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartcity.collaboration import access
from smartcity.collaboration.models import Event, Organisation, Project

FIELDS = (
    "name",
    "kind",
    "sector",
    "size",
    "email",
    "phone",
    "website",
    "address",
    "latitude",
    "longitude",
    "location_is_approximate",
    "center_relation",
)


def organisation_save(
    *,
    by,  # noqa: ANN001
    organisation: Organisation | None,
    values: dict,
    project_ids: list[int],
    event_ids: list[int],
) -> Organisation:
    """Add an organisation (`organisation` None) or change one, with the projects and
    events it takes part in; who changed it last and when are kept. A location is both
    coordinates or none. ValidationError names every wrong field."""
    if not access.may_edit_directory(by):
        raise PermissionDenied(
            _("Only the Mayor's office, city staff and partners keep the directory.")
        )
    organisation = organisation or Organisation()
    for name in FIELDS:
        if name in values:
            value = values[name]
            setattr(organisation, name, value.strip() if isinstance(value, str) else value)
    if (organisation.latitude is None) != (organisation.longitude is None):
        raise ValidationError(
            {"longitude": [_("Give both the latitude and the longitude, or neither.")]}
        )
    organisation.updated_by = by
    organisation.updated_at = timezone.now()
    organisation.full_clean()
    with transaction.atomic():
        organisation.save()
        organisation.projects.set(Project.objects.filter(pk__in=project_ids))
        organisation.events.set(Event.objects.filter(pk__in=event_ids))
    return organisation
