"""The strategy in the open data catalogue and on the public city dashboard."""

from __future__ import annotations

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
import time_machine

from smartcity.city.models import Department
from smartcity.opendata.registry import dataset_by_slug
from smartcity.strategy import selectors, services
from smartcity.strategy.models import ActionMilestone, Indicator, Plan

NOW = datetime.datetime(2026, 11, 29, 12, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 11, 29)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def indicator(tree, plan, administrator):
    indicator = Indicator.objects.create(
        plan=plan,
        node=tree["O1"],
        code="I1",
        name_ro="Lămpi LED",
        unit="%",
        baseline=Decimal("10"),
        baseline_year=2021,
        target=Decimal("80"),
        target_year=2025,
    )
    for day, value in ((datetime.date(2024, 12, 31), "35.5"), (datetime.date(2025, 12, 31), "61")):
        services.indicator_value_record(
            indicator=indicator,
            by=administrator,
            measured_on=day,
            value=Decimal(value),
            source="Raport anual",
        )
    return indicator


def download(client, slug):
    response = client.get(f"/opendata/{slug}.csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_indicators_dataset_gives_each_dated_value_with_baseline_and_target(client, indicator):
    rows = download(client, "strategy-indicators")
    assert [(r["indicator"], r["measured_on"], r["value"]) for r in rows] == [
        ("I1", "2024-12-31", "35.5"),
        ("I1", "2025-12-31", "61.0"),
    ]
    assert rows[0]["baseline"] == "10.0" and rows[0]["target"] == "80.0"
    assert rows[0]["plan"] == "test-plan" and rows[0]["measures"] == "O1"
    assert dataset_by_slug("strategy-indicators").count() == 2


def test_the_strategy_datasets_never_name_who_entered_or_changed_anything(
    client, indicator, administrator
):
    person = {administrator.username, administrator.get_full_name(), administrator.email}
    person.discard("")
    for slug in ("strategy-indicators", "strategy-plans"):
        body = b"".join(client.get(f"/opendata/{slug}.json").streaming_content)
        assert not any(name.encode() in body for name in person), slug
        dataset = dataset_by_slug(slug)
        assert not {"entered_by", "changed_by", "recorded_at"} & {c.name for c in dataset.columns}


def test_the_plans_dataset_gives_the_tree_with_rolled_up_progress(client, tree, plan):
    rows = {r["code"]: r for r in download(client, "strategy-plans")}
    assert list(rows) == ["P1", "O1", "A1", "A2", "P2", "O2", "A3", "A4"]
    assert rows["O1"]["parent"] == "P1" and rows["A1"]["parent"] == "O1"
    assert rows["A1"]["progress"] == "40.0" and rows["A1"]["status"] == "in_progress"
    assert rows["O1"]["progress"] == "85.0"  # (1 × 40 + 3 × 100) / 4
    assert rows["A4"]["progress"] == ""  # cancelled: not counted
    assert rows["A3"]["responsible"] == Department.objects.get(slug="iluminat").name


def test_the_strategy_tile_shows_the_plans_progress_and_its_actions_done_and_late(
    client, tree, plan
):
    tree["A3"].status = "delayed"
    tree["A3"].save()
    ActionMilestone.objects.create(
        action=tree["A1"], title_ro="Licitația", due_on=TODAY - datetime.timedelta(days=3)
    )
    ActionMilestone.objects.create(
        action=tree["A2"], title_ro="Recepția", due_on=TODAY - datetime.timedelta(days=40)
    )  # completed action: not late
    html = client.get("/dashboard/").content.decode()
    assert figure(html, "strategy-progress") == "66,2%"  # 66.25, the weighted roll-up
    assert figure(html, "strategy-done") == "1 / 3"  # the cancelled action is left out
    assert figure(html, "strategy-late") == "2"
    assert 'href="/strategy/"' in html


def test_an_action_past_its_last_year_is_late_unless_completed(tree, plan):
    tree["A1"].end_year = 2025
    tree["A1"].save()
    tree["A2"].end_year = 2025
    tree["A2"].save()
    summary = selectors.plan_summary(plan, today=TODAY)
    assert (summary.actions, summary.done, summary.late) == (3, 1, 1)


def test_the_current_plan_is_the_one_covering_this_year(tree, plan):
    assert selectors.current_plan(today=TODAY) == plan  # the only one, though past
    now = Plan.objects.create(code="plan-2030", title_ro="Strategia 2030", start_year=2026,
                              end_year=2030, order=5)  # fmt: skip
    assert selectors.current_plan(today=TODAY) == now


def test_without_a_plan_the_strategy_tile_says_no_data_yet(client, balti):
    html = client.get("/dashboard/").content.decode()
    assert 'data-testid="tile-strategy"' in html
    assert "strategy-progress" not in html


def figure(html: str, key: str) -> str:
    found = re.search(rf'data-testid="figure-{key}">([^<]*)<', html)
    assert found, key
    return found.group(1)
