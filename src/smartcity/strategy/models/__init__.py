"""The strategy's entities: plans and their tree, indicators and values, the record."""

from smartcity.strategy.models.history import ChangeRecord
from smartcity.strategy.models.indicators import Indicator, IndicatorValue
from smartcity.strategy.models.plans import ActionMilestone, ActionStatus, Level, Node, Plan

__all__ = [
    "ActionMilestone",
    "ActionStatus",
    "ChangeRecord",
    "Indicator",
    "IndicatorValue",
    "Level",
    "Node",
    "Plan",
]
