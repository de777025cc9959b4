"""The strategy's tile on the public city dashboard: the current plan's progress."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from smartcity.opendata.tiles import Figure, Reading, tile_register
from smartcity.strategy import selectors


def strategy_now(now: datetime.datetime) -> Reading | None:
    today = timezone.localdate(now)
    plan = selectors.current_plan(today=today)
    if plan is None:
        return None
    summary = selectors.plan_summary(plan, today=today)
    if not summary.actions:
        return None
    progress = summary.progress or 0.0
    return Reading(
        [
            Figure(
                "strategy-progress",
                _("overall progress"),
                f"{number_format(round(progress, 1), decimal_pos=1)}%",
            ),
            Figure("strategy-done", _("actions done"), f"{summary.done} / {summary.actions}"),
            Figure("strategy-late", _("actions late"), str(summary.late)),
        ],
        note=plan.title,
    )


tile_register("strategy", url_name="strategy:plans", read=strategy_now)
