"""Reads on the directory of organisations, for its list and its map."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.urls import reverse

from smartcity.collaboration.models import Organisation


def organisations(*, kind: str = "", text: str = "") -> QuerySet[Organisation]:
    """Organisations by name, filtered by kind and by words in name or sector."""
    found = Organisation.objects.all()
    if kind:
        found = found.filter(kind=kind)
    text = text.strip()
    if text:
        found = found.filter(Q(name__icontains=text) | Q(sector__icontains=text))
    return found.order_by("name", "id")


def organisation_by_id(pk: int) -> Organisation | None:
    return Organisation.objects.prefetch_related("projects", "events").filter(pk=pk).first()


def organisations_geojson(found: QuerySet[Organisation]) -> dict:
    """A GeoJSON FeatureCollection of the organisations that have a location."""
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [o.longitude, o.latitude]},
            "properties": {
                "name": o.name,
                "kind": o.get_kind_display(),
                "url": reverse("collaboration:organisation", args=[o.pk]),
                "approximate": o.location_is_approximate,
            },
        }
        for o in found.exclude(latitude=None).exclude(longitude=None)
    ]
    return {"type": "FeatureCollection", "features": features}
