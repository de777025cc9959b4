"""How progress rolls up the tree: the weighted mean of the children, level by level.

An action's progress is its own percentage; a cancelled action counts for nothing (it is
left out, not counted as 0). A priority or objective has the mean of its children's
progress weighted by their weights; children without progress and weights of 0 are left
out, and a node with nothing left has no progress (None), not 0.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Item:
    id: int
    parent_id: int | None
    weight: Decimal
    own: float | None  # an action's own progress; None for the levels above, or cancelled


def weighted_mean(pairs: Iterable[tuple[Decimal, float | None]]) -> float | None:
    """The mean of the values weighted by the weights, skipping None and weight 0."""
    total = Decimal("0")
    acc = 0.0
    for weight, value in pairs:
        if value is None or weight <= 0:
            continue
        total += weight
        acc += float(weight) * value
    return acc / float(total) if total else None


def progress_rollup(items: list[Item]) -> tuple[dict[int, float | None], float | None]:
    """Each item's progress (0–100 or None), and the whole tree's (its roots' mean)."""
    children: dict[int | None, list[Item]] = defaultdict(list)
    for item in items:
        children[item.parent_id].append(item)
    result: dict[int, float | None] = {}

    def visit(item: Item) -> float | None:
        kids = children.get(item.id, [])
        if kids:
            value = weighted_mean((kid.weight, visit(kid)) for kid in kids)
        else:
            value = item.own
        result[item.id] = value
        return value

    overall = weighted_mean((root.weight, visit(root)) for root in children.get(None, []))
    return result, overall
