"""The public JSON API of the strategy tracking."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application

from smartcity.strategy import selectors, services
from smartcity.strategy.models import Indicator, IndicatorValue, Plan

BASE = "/api/strategy"


@pytest.fixture
def measured(tree):
    """I1 on A1 from 10 to 90, with a value on the first of each month of 2023."""
    indicator = Indicator.objects.create(
        plan=tree["A1"].plan,
        node=tree["A1"],
        code="I1",
        name_ro="Felinare LED",
        name_ru="Светодиодные фонари",
        unit="%",
        baseline=Decimal("10"),
        target=Decimal("90"),
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=indicator, measured_on=datetime.date(2023, m, 1), value=10 + m)
        for m in range(1, 13)
    )
    return indicator


def test_plans_are_listed_with_progress_and_paginated(client, tree):
    for n in range(3):
        Plan.objects.create(code=f"extra-{n}", title_ro=f"Plan {n}", start_year=2020, end_year=2030)
    body = client.get(f"{BASE}/plans", {"limit": 2}).json()
    assert body["count"] == 4 and len(body["items"]) == 2
    assert client.get(f"{BASE}/plans", {"limit": 2, "offset": 2}).json()["count"] == 4
    ours = next(p for p in client.get(f"{BASE}/plans").json()["items"] if p["code"] == "test-plan")
    assert ours["progress"] == pytest.approx(66.25)  # (85 × 3 + 10 × 1) / 4
    assert ours["title"] == "Planul de test" and ours["illustrative"] is False
    assert client.get(f"{BASE}/plans", {"limit": 0}).status_code == 400


def test_the_tree_rolls_progress_up(client, tree):
    body = client.get(f"{BASE}/plans/test-plan").json()
    assert body["progress"] == pytest.approx(66.25)
    p1, p2 = body["priorities"]
    assert p1["code"] == "P1" and p1["progress"] == pytest.approx(85.0) and p1["weight"] == 3
    assert p1["status"] is None  # only actions carry a status
    a1, a2 = p1["children"][0]["children"]
    assert (a1["code"], a1["progress"], a1["status"]) == ("A1", 40.0, "in_progress")
    assert p2["progress"] == pytest.approx(10.0)  # the cancelled action is left out
    a3, a4 = p2["children"][0]["children"]
    assert a3["responsible_department"] == "iluminat" and a4["progress"] is None


def test_texts_follow_the_asked_language_with_romanian_fallback(client, measured):
    body = client.get(f"{BASE}/plans/test-plan/indicators", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert body["items"][0]["name"] == "Светодиодные фонари"
    tree = client.get(f"{BASE}/plans/test-plan", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert tree["title"] == "Planul de test"  # no Russian title: Romanian


def test_indicators_come_with_their_latest_value_and_achievement(client, measured):
    body = client.get(f"{BASE}/plans/test-plan/indicators").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["code"] == "I1" and item["item"] == "A1" and item["computed"] is False
    assert item["latest"] == {"date": "2023-12-01", "value": 22.0}
    assert item["achieved"] == pytest.approx(15.0)  # (22 − 10) / (90 − 10)
    tree = client.get(f"{BASE}/plans/test-plan").json()
    assert tree["priorities"][0]["children"][0]["children"][0]["indicators"] == ["I1"]


def test_values_are_paginated_and_filtered_by_dates(client, measured):
    url = f"{BASE}/plans/test-plan/indicators/I1/values"
    body = client.get(url, {"limit": 5}).json()
    assert body["count"] == 12 and [v["date"] for v in body["items"]][:2] == [
        "2023-01-01",
        "2023-02-01",
    ]
    assert body["items"][0] == {
        "date": "2023-01-01",
        "value": 11.0,
        "source": "",
        "computed": False,
    }
    ranged = client.get(url, {"since": "2023-03-01", "until": "2023-05-31"}).json()
    assert [v["value"] for v in ranged["items"]] == [13.0, 14.0, 15.0]
    assert client.get(url, {"since": "2023-05-01", "until": "2023-01-01"}).status_code == 400
    assert client.get(url, {"since": "not-a-date"}).status_code == 400


def test_unknown_plans_and_indicators_are_404(client, measured):
    assert client.get(f"{BASE}/plans/nope").status_code == 404
    assert client.get(f"{BASE}/plans/nope/indicators").status_code == 404
    assert client.get(f"{BASE}/plans/test-plan/indicators/NOPE/values").status_code == 404


def test_the_api_names_no_staff(client, administrator, measured, tree):
    services.action_progress_update(
        action=tree["A1"], by=administrator, status="in_progress", progress=50, comment="secret"
    )
    text = client.get(f"{BASE}/plans/test-plan").content.decode()
    assert "secret" not in text and "admin" not in text


@pytest.mark.parametrize(
    ("path", "parameters", "query"),
    [
        ("/api/strategy/plans", {}, {"limit": 1}),
        ("/api/strategy/plans/{code}", {"code": "test-plan"}, {}),
        ("/api/strategy/plans/{code}/indicators", {"code": "test-plan"}, {}),
        (
            "/api/strategy/plans/{code}/indicators/{indicator}/values",
            {"code": "test-plan", "indicator": "I1"},
            {"since": "2023-06-01"},
        ),
        ("/api/strategy/plans/{code}", {"code": "nope"}, {}),
    ],
)
def test_responses_match_the_published_schema(path, parameters, query, measured, connection_kept):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    case = schema[path]["GET"].Case(path_parameters=parameters, query=query)
    response = case.call()
    assert response.status_code in (200, 404)
    case.validate_response(response)  # raises when the body does not match the schema
    if path.endswith("/values"):
        assert response.json()["count"] == 7


def test_progress_of_the_plan_matches_the_pages(client, tree):
    listed = client.get(f"{BASE}/plans").json()["items"][0]["progress"]
    assert listed == pytest.approx(selectors.plan_progress(tree["A1"].plan))
