"""The published results: demand, gaps, forecast and sectors, weighted by size, with
small groups suppressed so that no enterprise's answers can be recognised."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from smartcity.skills import analysis, services
from smartcity.skills.models import StudyRound
from tests.skills.conftest import enterprise

BASE = {
    "has_hard_to_fill": "no",
    "graduate_readiness": "3",
    "training_forms": ["dual"],
    "cooperates": "no",
    "cooperation_interest": "4",
}


def _respond(study_round, name, *, submit=True, **answers):
    (invitation,) = services.invitations_create(round=study_round, organisations=[enterprise(name)])
    raw = {**BASE, **answers}
    if submit:
        saved = services.response_submit(invitation=invitation, raw=raw)
        assert saved.errors == {}
    else:
        services.answers_save(invitation=invitation, raw=raw)
    return invitation


def _closed(study_round):
    """Time after the round closed, when its results are public."""
    return time_machine.travel(study_round.closes_at + datetime.timedelta(hours=1), tick=False)


def _software(study_round, name, size="small", **cells):
    return _respond(study_round, name, sector="software", size=size, **cells)


def test_nothing_is_published_under_three_responses(open_round):
    _software(open_round, "A (exemplu)", staff={"2512:current": "4"})
    _software(open_round, "B (exemplu)", staff={"2512:current": "4"})
    _software(open_round, "C (exemplu)", submit=False, staff={"2512:current": "4"})
    results = analysis.results_of(open_round, live=True)
    assert results.respondents == 2 and results.invited == 3
    assert not results.published and results.occupations == []


def test_occupation_demand_sums_submitted_answers_only(open_round):
    for name in "ABC":
        _software(
            open_round,
            f"{name} (exemplu)",
            staff={"2512:current": "4", "2512:hire_1y": "1", "2512:hire_3y": "3"},
        )
    _software(open_round, "D (exemplu)", submit=False, staff={"2512:current": "100"})
    results = analysis.results_of(open_round, live=True)
    row = next(r for r in results.occupations if r.code == "2512")
    assert not row.suppressed
    assert row.enterprises == 3
    assert row.values == {"current": 12, "vacant": 0, "hire_1y": 3, "hire_3y": 9}
    assert results.totals["hire_3y"] == 9


def test_an_occupation_reported_by_fewer_than_three_enterprises_is_suppressed(open_round):
    for name in "ABC":
        _software(open_round, f"{name} (exemplu)", staff={"2512:current": "4", "2514:current": "2"})
    _software(open_round, "D (exemplu)", staff={"2512:current": "1", "2153:current": "7"})
    rows = {r.code: r for r in analysis.results_of(open_round, live=True).occupations}
    assert rows["2153"].suppressed and rows["2153"].values["current"] is None
    # One hidden row alone would be found by subtraction from the total: another goes too.
    assert rows["2514"].suppressed
    assert not rows["2512"].suppressed and rows["2512"].values["current"] == 13


def test_a_sector_of_one_or_two_enterprises_is_suppressed(open_round):
    for name in "ABC":
        _software(open_round, f"{name} (exemplu)", staff={"2512:current": "4"})
    for name in "DEFH":
        _respond(
            open_round,
            f"{name} (exemplu)",
            sector="food",
            size="large",
            staff={"3115:current": "9"},
        )
    _respond(open_round, "G (exemplu)", sector="telecom", size="micro", staff={"2153:current": "2"})
    rows = {r.code: r for r in analysis.results_of(open_round, live=True).sectors}
    assert rows["telecom"].suppressed
    assert rows["software"].suppressed  # the next smallest, hidden with it
    assert not rows["food"].suppressed and rows["food"].values["current"] == 36


def test_skill_shares_are_weighted_by_enterprise_size(open_round):
    # Three small enterprises lack Python; one large one has it: by headcount the large
    # one weighs 500 against 3 × 30.
    for name in "ABC":
        _software(open_round, f"{name} (exemplu)", skills_staff={"programming-python": "lacking"})
    _software(
        open_round, "D (exemplu)", size="large", skills_staff={"programming-python": "sufficient"}
    )
    _software(
        open_round, "E (exemplu)", size="large", skills_staff={"programming-python": "sufficient"}
    )
    _software(
        open_round, "F (exemplu)", size="large", skills_staff={"programming-python": "sufficient"}
    )
    row = next(
        r
        for r in analysis.results_of(open_round, live=True).skills
        if r.code == "programming-python"
    )
    assert row.shares["needed"].value == pytest.approx(1.0)
    assert row.shares["gap"].value == pytest.approx(90 / 1590)
    assert row.shares["gap"].count == 3


def test_a_skill_lacking_in_fewer_than_three_enterprises_is_suppressed(open_round):
    for name in "ABC":
        _software(open_round, f"{name} (exemplu)", skills_staff={"devops": "sufficient"})
    _software(open_round, "D (exemplu)", skills_staff={"devops": "lacking"})
    row = next(r for r in analysis.results_of(open_round, live=True).skills if r.code == "devops")
    assert row.shares["gap"].suppressed and row.shares["gap"].value is None
    assert not row.shares["needed"].suppressed


def test_rounds_are_compared_by_year(open_round):
    now = timezone.now()
    last = StudyRound.objects.create(
        survey=open_round.survey,
        year=open_round.year - 1,
        opens_at=now - datetime.timedelta(days=10),
        closes_at=now + datetime.timedelta(days=10),
    )
    for name in "ABC":
        _software(last, f"{name} (exemplu)", staff={"2512:hire_1y": "1"})
        _software(open_round, f"{name}2 (exemplu)", staff={"2512:hire_1y": "2"})
    forecasts = analysis.forecast_by_round(live=True)
    assert [(f.year, f.totals["hire_1y"]) for f in forecasts] == [
        (last.year, 3),
        (open_round.year, 6),
    ]


def test_the_public_page_shows_charts_and_marks_suppressed_rows(client, open_round):
    for name in "ABC":
        _software(open_round, f"{name} (exemplu)", staff={"2512:current": "4", "2512:hire_1y": "2"})
    _software(open_round, "D (exemplu)", staff={"2153:hire_1y": "5", "2512:current": "1"})
    with _closed(open_round):
        page = client.get(reverse("skills:results"))
    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="chart-occupations"' in text and "<svg" in text
    assert 'data-code="2153" class="suppressed"' in text
    assert "D (exemplu)" not in text and "A (exemplu)" not in text
    assert "ESCO" in text


def test_the_public_page_says_when_too_few_have_answered(client, open_round):
    _software(open_round, "A (exemplu)")
    with _closed(open_round):
        page = client.get(reverse("skills:results"))
    assert 'data-testid="not-published"' in page.content.decode()
    assert client.get(reverse("skills:results") + "?year=1999").status_code == 404
    assert client.get(reverse("skills:results") + "?year=abc").status_code == 200


def test_chart_geometry_has_no_decimal_commas_in_romanian(client, open_round):
    import re

    for name in "ABC":
        _software(
            open_round,
            f"{name} (exemplu)",
            staff={"2512:hire_1y": "1", "2512:hire_3y": "3"},
            skills_staff={"devops": "lacking", "cloud-computing": "sufficient"},
        )
    _software(open_round, "D (exemplu)", size="large", skills_staff={"devops": "sufficient"})
    with _closed(open_round):
        text = client.get(reverse("skills:results")).content.decode()
    geometry = re.findall(r'\b(?:x|y|dx|width|height)="([^"]*)"', text)
    assert geometry and all(re.fullmatch(r"-?\d+(\.\d+)?", value) for value in geometry)
    assert re.search(r"<rect [^>]*width=\"[1-9]\d*\"", text)  # bars are drawn


def test_an_open_round_is_published_only_when_it_closes(client, open_round, django_user_model):
    from django.contrib.auth.models import Permission

    for name in "ABC":
        _software(open_round, f"{name} (exemplu)", staff={"2512:current": "4"})
    results = analysis.results_of(open_round)
    assert results.waiting and not results.published and results.occupations == []
    assert analysis.forecast_by_round() == []
    page = client.get(reverse("skills:results") + "?live=1").content.decode()
    assert 'data-testid="round-open"' in page and 'data-testid="occupations"' not in page
    with _closed(open_round):
        assert analysis.results_of(open_round).published
    team = django_user_model.objects.create_user("echipa", password="secret-password-1")
    team.user_permissions.add(Permission.objects.get(codename="view_response"))
    client.force_login(team)
    live = client.get(reverse("skills:results") + "?live=1").content.decode()
    assert 'data-testid="live"' in live and 'data-testid="occupations"' in live
