"""The study's results in the open data catalogue: only what the results page publishes."""

from __future__ import annotations

import csv
import datetime
import io

import time_machine
from django.core.cache import caches
from django.utils import timezone

from smartcity.opendata.registry import dataset_by_slug
from smartcity.skills import selectors
from smartcity.skills.models import StudyRound
from tests.skills.test_analysis import _closed, _respond, _software


def _download(client) -> list[dict[str, str]]:
    response = client.get("/opendata/skills-study-results.csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _last_year_round(survey):
    now = timezone.now()
    return StudyRound.objects.create(
        survey=survey,
        year=now.year - 1,
        opens_at=now - datetime.timedelta(days=400),
        closes_at=now - datetime.timedelta(days=300),
    )


def _answered(study_round):
    """Three software firms with 2512 staff; a fourth alone with 2153 (a group of one)."""
    with time_machine.travel(study_round.opens_at + datetime.timedelta(days=1), tick=False):
        for name in "ABC":
            _software(
                study_round,
                f"{name} {study_round.year} (exemplu)",
                staff={"2512:current": "4", "2514:current": "2"},
            )
        _software(
            study_round,
            f"D {study_round.year} (exemplu)",
            staff={"2512:current": "1", "2153:current": "7"},
        )


def test_a_closed_rounds_published_figures_are_a_dataset(client, survey):
    closed = _last_year_round(survey)
    _answered(closed)
    rows = _download(client)
    assert {r["year"] for r in rows} == {str(closed.year)}
    demand = {(r["table"], r["code"], r["measure"]): r for r in rows}
    assert demand[("occupations", "2512", "current")]["value"] == "13"
    assert demand[("occupations", "2512", "current")]["enterprises"] == "4"
    assert demand[("totals", "", "current")]["value"] == "26"
    assert demand[("sectors", "software", "current")]["value"] == "26"


def test_an_open_rounds_figures_are_absent(client, survey, open_round):
    _answered(open_round)
    assert _download(client) == []
    assert dataset_by_slug("skills-study-results").count() == 0
    # Once it closes (and the kept copy has expired) they are published.
    caches["responses"].clear()
    with _closed(open_round):
        assert {r["year"] for r in selectors.results_for_open_data()} == {open_round.year}


def test_a_small_groups_figures_are_suppressed_without_value_or_count(client, survey):
    closed = _last_year_round(survey)
    _answered(closed)
    rows = _download(client)
    small = [r for r in rows if r["table"] == "occupations" and r["code"] == "2153"]
    assert small and all(r["suppressed"] == "True" for r in small)
    assert all(r["value"] == "" and r["enterprises"] == "" for r in small)
    # Hidden with it, so that it cannot be found by subtraction from the total.
    partner = [r for r in rows if r["table"] == "occupations" and r["code"] == "2514"]
    assert all(r["suppressed"] == "True" and r["value"] == "" for r in partner)
    # The lone enterprise's 7 engineers appear nowhere, nor does any enterprise's name.
    assert not any(r["code"] == "2153" and r["value"] == "7" for r in rows)
    body = b"".join(client.get("/opendata/skills-study-results.json").streaming_content)
    assert b"exemplu" not in body


def test_a_round_with_too_few_responses_publishes_nothing(client, survey):
    closed = _last_year_round(survey)
    with time_machine.travel(closed.opens_at + datetime.timedelta(days=1), tick=False):
        _respond(closed, "Singur (exemplu)", sector="software", size="small",
                 staff={"2512:current": "3"})  # fmt: skip
    assert _download(client) == []
