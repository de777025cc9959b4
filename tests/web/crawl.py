"""Every address the project routes, with its path parameters filled in, for the crawl
of a fresh database (test_every_page_on_a_fresh_database)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

# A value for a parameter by its name, then by its converter: plausible, and on an empty
# database not there (the page must answer 404, not fail).
BY_NAME = {
    "year": str(datetime.date.today().year),
    "tracking_code": "BLT-2026-000001",
    "token": "no-such-token",
    "action": "acknowledge",
    "fmt": "csv",
    "entity_id": "urn:ngsi-ld:Device:no-such-device",
    "subscription_id": "urn:ngsi-ld:Subscription:no-such",
    "app_label": "city",
    "url": "no-such-page/",
    "name": "photos/no-such-photo.jpg",
    "rest": "no-such-resource.json",
}
BY_CONVERTER = {
    "int": "999999",
    "slug": "no-such-slug",
    "str": "no-such",
    "path": "999999",
    "uuid": "00000000-0000-4000-8000-000000000000",
}


def _expansions() -> dict[str, list[dict[str, str]]]:
    """Values a registry in the code (not the database) gives: each is a page a fresh
    install already serves, so every one is requested."""
    from smartcity.opendata import registry

    datasets = registry.datasets()
    each = [{"slug": d.slug} for d in datasets]
    return {
        "opendata:dataset": each,
        "api:dataset_detail": each,
        "api:dataset_rows": each,
        "opendata:download": [{"slug": d.slug, "fmt": f} for d in datasets for f in d.formats],
        "strategy:export": [{"fmt": "csv"}, {"fmt": "xlsx"}],
    }


@dataclass(frozen=True)
class Address:
    route: str  # the pattern as written, to name a failure
    path: str  # the address requested


def patterns() -> Iterator[tuple[str, URLPattern, str]]:
    """(the full route, the pattern, its namespaced name) of every routed view."""
    yield from _walk(get_resolver().url_patterns, "", "")


def _walk(entries, prefix: str, namespace: str) -> Iterator[tuple[str, URLPattern, str]]:  # noqa: ANN001
    for entry in entries:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + _text(entry.pattern), inner)
        else:
            yield prefix + _text(entry.pattern), entry, f"{namespace}{entry.name or ''}"


def _text(pattern) -> str:  # noqa: ANN001 - a RoutePattern or RegexPattern
    """The pattern as a route (`<int:pk>`), regular expressions turned into one."""
    if isinstance(pattern, RoutePattern):
        return str(pattern)
    assert isinstance(pattern, RegexPattern)
    text = str(pattern).lstrip("^").rstrip("$")
    # (?P<fmt>json|xml) → the first choice; any other named group → <str:name>.
    text = re.sub(r"\(\?P<(\w+)>(\w+)(\|[\w|]+)+\)", lambda m: m.group(2), text)
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: f"<str:{m.group(1)}>", text)
    return text.replace("\\.", ".")


def addresses(values: dict[str, str] | None = None) -> list[Address]:
    """Every routed address once (more for formats), `values` (by parameter name or
    `name:parameter` for one route's) overriding the plausible defaults."""
    values = values or {}
    expansions = _expansions()
    found = []
    for route, _pattern, name in patterns():
        for extra in expansions.get(name, [{}]):
            found.append(Address(route, "/" + _fill(route, name, {**values, **extra})))
    return found


def _fill(route: str, name: str, values: dict[str, str]) -> str:
    def value(match: re.Match) -> str:
        converter, parameter = match.group(1) or "str", match.group(2)
        for key in (f"{name}:{parameter}", parameter):
            if key in values:
                return values[key]
        return BY_NAME.get(parameter, BY_CONVERTER.get(converter, "no-such"))

    return re.sub(r"<(?:(\w+):)?(\w+)>", value, route)
