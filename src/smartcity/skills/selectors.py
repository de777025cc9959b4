"""Reads of the skills study: invitations by their link, rounds and their progress."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.cache import caches
from django.db.models import Count, Q, QuerySet
from django.utils import timezone, translation

from smartcity.collaboration.selectors import organisations
from smartcity.skills.analysis import MIN_GROUP, STAFF_COLUMNS, Results, Row, results_of
from smartcity.skills.models import Invitation, StudyRound


def invitation_by_token(token: str) -> Invitation | None:
    if not token or len(token) > 64:
        return None
    return (
        Invitation.objects.select_related("round__survey", "organisation", "response")
        .filter(token=token)
        .first()
    )


def rounds_with_progress() -> QuerySet[StudyRound]:
    """Every round, newest first, with its invitations counted by state."""
    return StudyRound.objects.select_related("survey").annotate(
        invited=Count("invitations"),
        started=Count("invitations", filter=Q(invitations__response__isnull=False)),
        submitted=Count("invitations", filter=Q(invitations__response__submitted_at__isnull=False)),
    )


def businesses_to_invite(study_round: StudyRound) -> QuerySet:
    """The businesses of the organisations directory not yet invited to this round."""
    return organisations(kind="business").exclude(skills_invitations__round=study_round)


def round_by_year(year: int | None) -> StudyRound | None:
    """The round of a year; without a year, the newest closed round (else the newest)."""
    found = StudyRound.objects.select_related("survey").order_by("-year")
    if year is not None:
        return found.filter(year=year).first()
    return found.filter(closes_at__lte=timezone.now()).first() or found.first()


# The published figures of the closed rounds are a few hundred rows each: computed once
# per language and kept briefly, so the data page's preview and count share one analysis.
OPEN_DATA_SECONDS = 60


def _figure(
    year: int,
    table: str,
    row: Row | None,
    measure: str,
    value: float | None,
    unit: str,
    *,
    suppressed: bool = False,
) -> dict[str, Any]:
    """One published figure. A suppressed one carries no value and no count of
    enterprises (a count of 1 or 2 would itself tell about them)."""
    suppressed = suppressed or (row is not None and row.suppressed)
    enterprises = None
    if row is not None and not suppressed and not 0 < row.enterprises < MIN_GROUP:
        enterprises = row.enterprises
    return {
        "year": year,
        "table": table,
        "code": row.code if row else "",
        "label": str(row.label) if row else "",
        "measure": measure,
        "value": None if suppressed else value,
        "unit": unit,
        "enterprises": enterprises,
        "suppressed": suppressed,
    }


def _round_figures(results: Results) -> list[dict[str, Any]]:
    year = results.round.year
    figures = [
        _figure(year, "totals", None, column, results.totals.get(column), "people")
        for column in STAFF_COLUMNS
    ]
    for table, rows in (("occupations", results.occupations), ("sectors", results.sectors)):
        for row in rows:
            for column in STAFF_COLUMNS:
                figures.append(_figure(year, table, row, column, row.values.get(column), "people"))
            figures += _shares(year, table, row)
    for table, rows in (("skills", results.skills), ("training", results.training)):
        for row in rows:
            figures += _shares(year, table, row)
    return figures


def _shares(year: int, table: str, row: Row) -> list[dict[str, Any]]:
    return [
        _figure(year, table, row, measure, share.percent, "percent", suppressed=share.suppressed)
        for measure, share in row.shares.items()
    ]


def results_for_open_data() -> list[dict[str, Any]]:
    """The published figures of every closed round, oldest first, as the results page
    shows them: only rounds closed with at least MIN_GROUP responses, with the small
    groups suppressed (marked, without value or count). Never one enterprise's answers."""
    key = f"skills:open-data:{translation.get_language()}"
    kept = caches["responses"].get(key)
    if kept is not None:
        return kept
    figures: list[dict[str, Any]] = []
    closed = StudyRound.objects.filter(closes_at__lte=timezone.now()).order_by("year")
    for study_round in closed:
        results = results_of(study_round)
        if results.published:
            figures += _round_figures(results)
    caches["responses"].set(key, figures, OPEN_DATA_SECONDS)
    return figures


def results_for_open_data_count() -> int:
    return len(results_for_open_data())


def results_modified() -> datetime.datetime | None:
    """When the newest published round closed."""
    last = StudyRound.objects.filter(closes_at__lte=timezone.now()).order_by("-closes_at").first()
    return last.closes_at if last else None
