"""The ranking computation alone, on plain data."""

from __future__ import annotations

from decimal import Decimal

from smartcity.collaboration.ranking import CriterionWeight, need_score, needs_rank

IMPACT = CriterionWeight(id=1, name="impact", weight=Decimal("3"))
COST = CriterionWeight(id=2, name="cost", weight=Decimal("1"))


def test_a_need_score_is_the_weighted_mean_of_the_two_sides_means():
    score, lines = need_score([IMPACT, COST], {1: {"city": 4, "partner": 5}, 2: {"city": 2}})
    # impact mean 4.5 weighs 3, cost 2 weighs 1: (13.5 + 2) / 4
    assert score == Decimal("3.88")
    assert [line.mean for line in lines] == [Decimal("4.5"), Decimal("2")]


def test_unscored_and_zero_weight_criteria_do_not_count():
    free = CriterionWeight(id=3, name="free", weight=Decimal("0"))
    score, _lines = need_score([IMPACT, COST, free], {1: {"city": 3}, 3: {"city": 5}})
    assert score == Decimal("3.00")


def test_a_need_nobody_scored_has_no_score():
    assert need_score([IMPACT], {})[0] is None


def test_needs_rank_by_score_then_support_and_ties_share_a_position():
    scores = {
        10: {1: {"city": 2}},
        11: {1: {"city": 5}},
        12: {1: {"city": 2}},
        13: {1: {"city": 2}},
    }
    ranked = needs_rank(
        need_ids=[10, 11, 12, 13, 14],
        criteria=[IMPACT],
        scores=scores,
        supports={10: 1, 12: 7, 13: 1},
    )
    assert [(r.need_id, r.position) for r in ranked] == [
        (11, 1),
        (12, 2),
        (10, 3),
        (13, 3),
        (14, 5),
    ]
    assert ranked[-1].score is None
