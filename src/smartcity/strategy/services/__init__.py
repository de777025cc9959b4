"""Writes on the plans: progress and values (progress), the tree itself and its links
(structure). Each checks who may do it and records the change with who and when."""

from smartcity.strategy.services.progress import (
    action_progress_update,
    indicator_value_record,
    indicators_compute,
    milestone_add,
    milestone_complete,
)
from smartcity.strategy.services.structure import (
    IndicatorContent,
    ItemContent,
    indicator_add,
    indicator_edit,
    indicator_remove,
    node_add,
    node_edit,
    node_links_set,
    node_remove,
)

__all__ = [
    "IndicatorContent",
    "ItemContent",
    "action_progress_update",
    "indicator_add",
    "indicator_edit",
    "indicator_remove",
    "indicator_value_record",
    "indicators_compute",
    "milestone_add",
    "milestone_complete",
    "node_add",
    "node_edit",
    "node_links_set",
    "node_remove",
]
