from __future__ import annotations

from decimal import Decimal

import pytest

from smartcity.strategy import selectors
from smartcity.strategy.rollup import Item, progress_rollup, weighted_mean


def test_weighted_mean_skips_missing_values_and_zero_weights():
    assert weighted_mean([(Decimal("1"), 40.0), (Decimal("3"), 100.0)]) == 85.0
    assert weighted_mean([(Decimal("2"), None), (Decimal("0"), 10.0), (Decimal("1"), 30.0)]) == 30.0
    assert weighted_mean([(Decimal("0"), 50.0)]) is None
    assert weighted_mean([]) is None


def test_progress_rolls_up_by_weight_level_by_level():
    items = [
        Item(1, None, Decimal("3"), None),
        Item(2, 1, Decimal("1"), None),
        Item(3, 2, Decimal("1"), 40.0),
        Item(4, 2, Decimal("3"), 100.0),
        Item(5, None, Decimal("1"), None),
        Item(6, 5, Decimal("1"), None),
        Item(7, 6, Decimal("1"), 10.0),
    ]
    progress, overall = progress_rollup(items)
    assert progress[2] == pytest.approx(85.0)
    assert progress[1] == pytest.approx(85.0)
    assert progress[5] == pytest.approx(10.0)
    assert overall == pytest.approx((3 * 85 + 10) / 4)


def test_an_objective_without_actions_has_no_progress_rather_than_zero():
    progress, overall = progress_rollup(
        [
            Item(1, None, Decimal("1"), None),
            Item(2, None, Decimal("1"), None),
            Item(3, 2, Decimal("1"), 50.0),
        ]
    )
    assert progress[1] is None
    assert overall == 50.0


def test_plan_tree_leaves_cancelled_actions_out(tree, plan):
    view = selectors.plan_tree(plan)
    assert view.by_id[tree["O1"].pk].progress == pytest.approx(85.0)
    assert view.by_id[tree["O2"].pk].progress == pytest.approx(10.0)  # A4 (90%, cancelled) left out
    assert view.by_id[tree["A4"].pk].progress is None
    assert view.progress == pytest.approx(66.25)
    assert selectors.plan_progress(plan) == pytest.approx(66.25)


def test_changing_a_weight_changes_the_roll_up(tree, plan):
    tree["P2"].weight = Decimal("3")
    tree["P2"].save()
    assert selectors.plan_progress(plan) == pytest.approx((3 * 85 + 3 * 10) / 6)
