"""The registry of indicators computed from the platform's own data.

Each computation has a stable key (stored in `Indicator.computation` and in the
exchange format), a label and a unit, and reads other apps only through their selectors.
It returns a number, or None when there is nothing to measure yet (no value is stored).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from smartcity.collaboration import selectors as collaboration_selectors
from smartcity.lighting import selectors as lighting_selectors
from smartcity.service_requests import selectors as request_selectors

WINDOW = datetime.timedelta(days=90)


@dataclass(frozen=True)
class Computation:
    key: str
    label: str | Promise
    unit: str
    function: Callable[[datetime.datetime], float | int | None]


REGISTRY: dict[str, Computation] = {}


def computation(
    key: str, label: str | Promise, unit: str
) -> Callable[[Callable[[datetime.datetime], float | int | None]], Callable]:
    def register(function: Callable[[datetime.datetime], float | int | None]) -> Callable:
        REGISTRY[key] = Computation(key, label, unit, function)
        return function

    return register


def computation_value(key: str, *, now: datetime.datetime) -> Decimal | None:
    """The computation's value at `now`, rounded to 4 decimals; KeyError if unknown."""
    value = REGISTRY[key].function(now)
    if value is None:
        return None
    return Decimal(str(round(float(value), 4)))


def computation_choices() -> list[tuple[str, str | Promise]]:
    return [(c.key, c.label) for c in REGISTRY.values()]


@computation(
    "requests_online_share_90d",
    _("Share of residents' reports filed online, last 90 days (ISO 37122-style)"),
    "%",
)
def _requests_online_share(now: datetime.datetime) -> float | None:
    return request_selectors.requests_online_share(since=now - WINDOW, until=now)


@computation(
    "categories_online_share",
    _("Share of report categories requestable online"),
    "%",
)
def _categories_online_share(now: datetime.datetime) -> float | None:
    return request_selectors.categories_online_share()


@computation(
    "requests_median_response_hours_90d",
    _("Median hours to the city's first response to a report, last 90 days"),
    "h",
)
def _median_response(now: datetime.datetime) -> float | None:
    return request_selectors.requests_median_response_hours(since=now - WINDOW, until=now)


@computation(
    "requests_median_close_hours_90d",
    _("Median hours from report to closing, last 90 days"),
    "h",
)
def _median_close(now: datetime.datetime) -> float | None:
    return request_selectors.requests_median_close_hours(since=now - WINDOW, until=now)


@computation(
    "street_lights_remote_share",
    _("Share of street lights under remote management (ISO 37122, 10.5)"),
    "%",
)
def _lights_remote(now: datetime.datetime) -> float | None:
    return lighting_selectors.remote_management().share


@computation("digitalisation_needs", _("Digitalisation needs registered"), "")
def _needs(now: datetime.datetime) -> int:
    return collaboration_selectors.partnership_counts().needs


@computation("ideas_accepted", _("Project ideas accepted by the city hall"), "")
def _ideas_accepted(now: datetime.datetime) -> int:
    return collaboration_selectors.partnership_counts().ideas_accepted


@computation("joint_projects", _("Joint projects of the city hall and its partners"), "")
def _projects(now: datetime.datetime) -> int:
    return collaboration_selectors.partnership_counts().projects
