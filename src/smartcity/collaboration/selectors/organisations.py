"""Reads on the directory of organisations, for its list and its map."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from smartcity.collaboration.models import Event, Organisation, Project


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


@dataclass(frozen=True)
class Collaboration:
    """A joint project or an event and the organisations taking part in it."""

    is_project: bool
    title: str
    url: str
    when: datetime.date
    organisations: tuple[Organisation, ...]


def collaborations(*, limit: int = 200) -> list[Collaboration]:
    """The joint projects and events that organisations take part in, latest first, each
    with its organisations (the other side of who works with whom)."""
    organisations = Prefetch("organisations", queryset=Organisation.objects.order_by("name"))
    projects = (
        Project.objects.filter(organisations__isnull=False)
        .distinct()
        .prefetch_related(organisations)
        .order_by("-starts_on", "-id")[:limit]
    )
    events = (
        Event.objects.filter(organisations__isnull=False)
        .distinct()
        .prefetch_related(organisations)
        .order_by("-starts_at", "-id")[:limit]
    )
    rows = [
        Collaboration(
            True,
            p.title,
            reverse("collaboration:project", args=[p.pk]),
            p.starts_on,
            tuple(p.organisations.all()),
        )
        for p in projects
    ] + [
        Collaboration(
            False,
            e.title,
            reverse("collaboration:event", args=[e.pk]),
            timezone.localtime(e.starts_at).date(),
            tuple(e.organisations.all()),
        )
        for e in events
    ]
    return sorted(rows, key=lambda row: row.when, reverse=True)[:limit]
