"""Writes of the transit app: importing the feed, publishing service alerts."""

from __future__ import annotations

import datetime as dt
from typing import IO

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from smartcity.transit import gtfs
from smartcity.transit.gtfs import FeedInvalidError, FeedProblem
from smartcity.transit.models import Route, ServiceAlert, Stop

__all__ = ["FeedInvalidError", "FeedProblem", "alert_end", "alert_publish", "feed_import"]

LANGUAGES = ("ro", "ru", "en")


def feed_import(
    *,
    file: IO[bytes],
    source_name: str,
    illustrative: bool = False,
    notice: dict[str, str] | None = None,
) -> dict[str, int]:
    """Make the GTFS zip in `file` the city's feed, in one transaction, replacing the old.

    Raises FeedInvalidError listing every problem (nothing is imported then). Lines and
    stops keep their database ids across imports when their GTFS ids stay, so alerts
    naming them survive. Returns the number of rows read per GTFS file.
    """
    return gtfs.feed_load(file, source_name=source_name, illustrative=illustrative, notice=notice)


def alert_publish(
    *,
    header: dict[str, str],
    description: dict[str, str],
    cause: int,
    effect: int,
    severity: int,
    active_from: dt.datetime,
    active_until: dt.datetime | None,
    routes: list[Route],
    stops: list[Stop],
    url: str = "",
    author: User | AnonymousUser | None = None,
    alert: ServiceAlert | None = None,
) -> ServiceAlert:
    """Publish a service alert, or replace the content of `alert`; texts by language.

    The caller has validated the input (the form does): a Romanian header, at least one
    line or stop, and an end after the start.
    """
    with transaction.atomic():
        alert = alert or ServiceAlert(
            created_by=author if author and author.is_authenticated else None
        )
        for language in LANGUAGES:
            setattr(alert, f"header_{language}", header.get(language, ""))
            setattr(alert, f"description_{language}", description.get(language, ""))
        alert.cause, alert.effect, alert.severity = cause, effect, severity
        alert.active_from, alert.active_until, alert.url = active_from, active_until, url
        alert.save()
        alert.routes.set(routes)
        alert.stops.set(stops)
    return alert


def alert_end(*, alert: ServiceAlert, at: dt.datetime) -> ServiceAlert:
    """End an alert at `at` (it stays in the history, no longer in force)."""
    alert.active_until = max(at, alert.active_from)
    alert.save(update_fields=["active_until", "updated_at"])
    return alert
