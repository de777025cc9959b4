"""The demo of the study: illustrative enterprises in the directory and two rounds."""

from __future__ import annotations

import json

from django.urls import reverse

from smartcity.collaboration.models import Organisation
from smartcity.skills import analysis, demo
from smartcity.skills.models import Answer, Response, StudyRound


def _snapshot():
    rows = Answer.objects.values_list(
        "response__invitation__organisation__name", "question__code", "value"
    )
    return sorted((name, code, json.dumps(value, sort_keys=True)) for name, code, value in rows)


def test_the_demo_loads_two_rounds_of_illustrative_enterprises(db, client):
    demo.skills_load(seed=7)
    assert StudyRound.objects.count() == 3
    businesses = Organisation.objects.filter(kind="business")
    assert businesses.count() >= 20
    assert all("(exemplu)" in name for name in businesses.values_list("name", flat=True))
    first, last, current = StudyRound.objects.order_by("year")
    assert not first.is_open() and not last.is_open() and current.is_open()
    assert (
        Response.objects.filter(invitation__round=current, submitted_at__isnull=True).count() == 4
    )
    assert analysis.results_of(last).published and not analysis.results_of(current).published
    assert analysis.results_of(current, live=True).published
    assert [f.year for f in analysis.forecast_by_round()] == [first.year, last.year]
    page = client.get(reverse("skills:results"))
    assert page.status_code == 200 and 'data-testid="chart-skills"' in page.content.decode()


def test_the_demo_is_the_same_for_a_seed_and_loads_once(db):
    demo.skills_load(seed=7)
    first = _snapshot()
    demo.skills_load(seed=7)
    assert _snapshot() == first
    Answer.objects.all().delete()
    Response.objects.all().delete()
    StudyRound.objects.all().delete()
    demo.skills_load(seed=7)
    assert _snapshot() == first


def test_demo_answers_pass_the_questionnaire_checks(db):
    from smartcity.skills.questionnaire import answer_clean, structure_of

    survey = demo.skills_load(seed=3)
    items = structure_of(survey).by_code()
    for code, value in Answer.objects.values_list("question__code", "value")[:400]:
        item = items[code]
        if item.kind == "matrix" and item.question.cells == "number":
            raw = {
                f"{row}:{col}": str(n) for row, cells in value.items() for col, n in cells.items()
            }
        elif item.kind == "multiple":
            raw = value
        elif item.kind == "matrix":
            raw = value
        else:
            raw = str(value)
        assert answer_clean(item, raw) == value
