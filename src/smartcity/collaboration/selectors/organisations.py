"""Reads on the directory of organisations, for its list and its map."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations
from typing import Any

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


def organisation_links(*, limit: int = 150) -> tuple[list[Link], int]:
    """Who works with whom: the `limit` pairs of organisations sharing the most projects
    and events (then by name), and how many pairs there are in all.

    Only ids are read to find the pairs; names and titles are read for the pairs shown,
    so the page stays quick with thousands of organisations.
    """
    taking_part: tuple[dict[int, set[int]], dict[int, set[int]]] = (
        defaultdict(set),
        defaultdict(set),
    )
    weights: Counter[tuple[int, int]] = Counter()
    for through, column, index in (
        (Organisation.projects.through, "project_id", 0),
        (Organisation.events.through, "event_id", 1),
    ):
        members: dict[int, list[int]] = defaultdict(list)
        for organisation_id, other_id in through.objects.values_list("organisation_id", column):
            members[other_id].append(organisation_id)
            taking_part[index][organisation_id].add(other_id)
        for ids in members.values():
            weights.update(combinations(sorted(set(ids)), 2))
    if not weights:
        return [], 0
    # The strongest pairs first; among equals the names decide, so candidates are taken
    # down to the weight of the last pair shown before the names are read.
    cutoff = sorted(weights.values(), reverse=True)[min(limit, len(weights)) - 1]
    candidates = [pair for pair, weight in weights.items() if weight >= cutoff]
    candidate_ids = {pk for pair in candidates for pk in pair}
    named = Organisation.objects.all()
    if len(candidate_ids) <= 2 * limit:
        named = named.filter(pk__in=candidate_ids)
    names = dict(named.values_list("pk", "name"))
    chosen = sorted(candidates, key=lambda pair: (-weights[pair], names[pair[0]], names[pair[1]]))[
        :limit
    ]
    shared = {
        (a, b): (taking_part[0][a] & taking_part[0][b], taking_part[1][a] & taking_part[1][b])
        for a, b in chosen
    }
    project_ids = {pk for p, _e in shared.values() for pk in p}
    event_ids = {pk for _p, e in shared.values() for pk in e}
    projects = dict(Project.objects.filter(pk__in=project_ids).values_list("pk", "title"))
    events = dict(Event.objects.filter(pk__in=event_ids).values_list("pk", "title"))
    organisations = Organisation.objects.only("pk", "name").in_bulk(
        {pk for pair in chosen for pk in pair}
    )
    links = [
        Link(
            organisations[a],
            organisations[b],
            tuple(sorted(projects[pk] for pk in shared[(a, b)][0])),
            tuple(sorted(events[pk] for pk in shared[(a, b)][1])),
        )
        for a, b in chosen
    ]
    return links, len(weights)


@dataclass(frozen=True)
class Collaboration:
    """A joint project or an event and the organisations taking part in it."""

    is_project: bool
    title: str
    url: str
    when: datetime.date
    organisations: tuple[Organisation, ...]


def collaborations(*, limit: int = 100) -> list[Collaboration]:
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


def organisations_for_open_data(*, chunk_size: int = 1000) -> Iterator[dict[str, Any]]:
    """The directory for open data: who, what kind, where; no email or phone (a small
    organisation's contact is often a person's)."""
    rows = Organisation.objects.order_by("name", "id").values(
        "id",
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
        yield {**row}  # the stubs type a values() row as a TypedDict, not dict[str, Any]


def organisations_count() -> int:
    return Organisation.objects.count()
