"""Reads on the directory of organisations, for its list and its map."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations
from typing import Any

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


@dataclass(frozen=True)
class Link:
    """Two organisations and what they share: the projects and events both take part in."""

    first: Organisation
    second: Organisation
    projects: tuple[str, ...]
    events: tuple[str, ...]


def organisation_links() -> list[Link]:
    """Who works with whom: every pair of organisations sharing a project or an event,
    the pairs that share the most first."""
    shared: dict[tuple[int, int], tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for through, attribute, index in (
        (Organisation.projects.through, "project", 0),
        (Organisation.events.through, "event", 1),
    ):
        members: dict[str, list[int]] = defaultdict(list)
        rows = through.objects.values_list("organisation_id", f"{attribute}__title")
        for organisation_id, title in rows:
            members[title].append(organisation_id)
        for title, ids in members.items():
            for first, second in combinations(sorted(set(ids)), 2):
                shared[(first, second)][index].add(title)
    organisations = Organisation.objects.in_bulk({pk for pair in shared for pk in pair})
    links = [
        Link(organisations[a], organisations[b], tuple(sorted(p)), tuple(sorted(e)))
        for (a, b), (p, e) in shared.items()
    ]
    return sorted(
        links, key=lambda link: (-(len(link.projects) + len(link.events)), link.first.name)
    )


def organisations_for_open_data(*, chunk_size: int = 1000) -> Iterator[dict[str, Any]]:
    """The directory for open data: who, what kind, where; no email or phone (a small
    organisation's contact is often a person's)."""
    rows = Organisation.objects.order_by("name", "id").values(
        "pk",
        "name",
        "kind",
        "sector",
        "size",
        "website",
        "address",
        "latitude",
        "longitude",
        "location_is_approximate",
        "center_relation",
    )
    for row in rows.iterator(chunk_size=chunk_size):
        yield {
            "id": row["pk"],
            "name": row["name"],
            "kind": row["kind"],
            "sector": row["sector"],
            "size": row["size"],
            "website": row["website"],
            "address": row["address"],
            "latitude": row["latitude"],
            "longitude": row["longitude"],
            "location_is_approximate": row["location_is_approximate"],
            "center_relation": row["center_relation"],
        }


def organisations_count() -> int:
    return Organisation.objects.count()
