"""The ranking of needs: a plain computation on plain data, so it can be shown and checked.

A need's score on a criterion is the mean of the sides that scored it (city hall and
association partner count equally); its total is the weighted mean of those criterion
scores over the criteria that were scored, with the administrators' weights. Needs
without any score rank after every scored need; ties go to the need with more support.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class CriterionWeight:
    id: int
    name: str
    weight: Decimal


@dataclass(frozen=True)
class CriterionLine:
    """How one criterion counted for one need: each side's score, their mean, the weight."""

    criterion: CriterionWeight
    by_side: Mapping[str, int]
    mean: Decimal | None


@dataclass(frozen=True)
class RankedNeed:
    need_id: int
    position: int
    score: Decimal | None
    supports: int
    lines: tuple[CriterionLine, ...]


def _mean(values: Iterable[int]) -> Decimal | None:
    values = list(values)
    if not values:
        return None
    return Decimal(sum(values)) / len(values)


def need_score(
    criteria: list[CriterionWeight], scores: Mapping[int, Mapping[str, int]]
) -> tuple[Decimal | None, tuple[CriterionLine, ...]]:
    """The weighted mean of one need's criterion means, and the lines it was computed from.

    `scores` maps a criterion id to {side: value}. Criteria with weight 0 or no score do
    not count; None when nothing counts.
    """
    lines = []
    weighted = Decimal(0)
    weights = Decimal(0)
    for criterion in criteria:
        by_side = dict(scores.get(criterion.id, {}))
        mean = _mean(by_side.values())
        lines.append(CriterionLine(criterion=criterion, by_side=by_side, mean=mean))
        if mean is not None and criterion.weight > 0:
            weighted += criterion.weight * mean
            weights += criterion.weight
    score = (weighted / weights).quantize(Decimal("0.01")) if weights else None
    return score, tuple(lines)


def needs_rank(
    *,
    need_ids: list[int],
    criteria: list[CriterionWeight],
    scores: Mapping[int, Mapping[int, Mapping[str, int]]],
    supports: Mapping[int, int],
) -> list[RankedNeed]:
    """Needs from best to worst: by score, then by support, then oldest id first.

    `scores` maps need id → criterion id → side → value; `supports` need id → count.
    Equal score and support share a position (1, 2, 2, 4).
    """
    computed = []
    for need_id in need_ids:
        score, lines = need_score(criteria, scores.get(need_id, {}))
        computed.append((need_id, score, supports.get(need_id, 0), lines))
    computed.sort(key=lambda row: (row[1] is None, -(row[1] or 0), -row[2], row[0]))
    ranked: list[RankedNeed] = []
    for index, (need_id, score, support, lines) in enumerate(computed):
        previous = ranked[-1] if ranked else None
        if previous is not None and (previous.score, previous.supports) == (score, support):
            position = previous.position
        else:
            position = index + 1
        ranked.append(
            RankedNeed(
                need_id=need_id, position=position, score=score, supports=support, lines=lines
            )
        )
    return ranked
