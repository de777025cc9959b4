"""The strategy tracking's public JSON API (read only): plans, each plan's tree with the
rolled-up progress, indicators with their latest values, and every indicator's values.

Texts are in the language asked for by Accept-Language (ro, ru, en; a missing
translation falls back ro → ru → en). Nothing here names the staff who changed things.
"""

# No `from __future__ import annotations` here: ninja's @paginate resolves the wrapped
# view's parameter annotations outside this module, so they must be real types.

import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from smartcity.config.api_errors import error_responses
from smartcity.strategy import selectors
from smartcity.strategy.models import Indicator, Plan

router = Router(tags=["strategy"])


class Pages(LimitOffsetPagination):
    """limit (1–500, default 100) and offset; answers {items, count}."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=500)
        offset: int = Field(0, ge=0, le=10_000_000)


class PlanFields(Schema):
    code: str
    title: str
    start_year: int
    end_year: int
    illustrative: bool = Field(..., alias="is_illustrative")
    progress: float | None = Field(None, description="the plan's progress, 0–100")


class PlanOut(PlanFields):
    @staticmethod
    def resolve_progress(plan: Plan) -> float | None:
        return selectors.plan_progress(plan)


class ItemOut(Schema):
    code: str
    level: str = Field(..., description="priority, objective or action")
    title: str
    weight: float
    progress: float | None = Field(
        None, description="0–100: an action's own, or its children's weighted mean"
    )
    status: str | None = Field(None, description="actions only")
    start_year: int | None = None
    end_year: int | None = None
    responsible: str | None = None
    responsible_department: str | None = Field(None, description="a department's slug")
    cost_mdl: float | None = None
    funding_source: str | None = None
    indicators: list[str] = Field(default_factory=list, description="codes of its indicators")
    children: list["ItemOut"] = Field(default_factory=list)


ItemOut.model_rebuild()


class PlanTreeOut(PlanFields):
    priorities: list[ItemOut]


class LatestOut(Schema):
    date: datetime.date
    value: float


class IndicatorOut(Schema):
    code: str
    name: str
    item: str = Field(..., alias="item_code", description="the code of the item it measures")
    unit: str
    baseline: float | None
    baseline_year: int | None
    target: float | None
    target_year: int | None
    computed: bool = Field(..., description="true when the platform computes its values")
    source: str
    latest: LatestOut | None
    achieved: float | None = Field(
        None, description="how far the latest value went from baseline to target, 0–100"
    )

    @staticmethod
    def resolve_computed(indicator: Indicator) -> bool:
        return bool(indicator.computation)

    @staticmethod
    def resolve_latest(indicator: Indicator) -> dict | None:
        if indicator.latest_value is None:  # type: ignore[attr-defined]
            return None
        return {"date": indicator.latest_on, "value": indicator.latest_value}  # type: ignore[attr-defined]

    @staticmethod
    def resolve_achieved(indicator: Indicator) -> float | None:
        return selectors.achievement(
            indicator.baseline,
            indicator.target,
            indicator.latest_value,  # type: ignore[attr-defined]
        )


class ValueOut(Schema):
    date: datetime.date = Field(..., alias="measured_on")
    value: float
    source: str
    computed: bool = Field(..., alias="is_computed")


def _plan(code: str) -> Plan:
    plan = selectors.plan_by_code(code[:40])
    if plan is None:
        raise HttpError(404, _("There is no such plan."))
    return plan


def _item(view: selectors.NodeView) -> dict:
    node = view.node
    item: dict = {
        "code": node.code,
        "level": node.level,
        "title": node.title,
        "weight": node.weight,
        "progress": view.progress,
        "indicators": [i.indicator.code for i in view.indicators],
        "children": [_item(child) for child in view.children],
    }
    if node.is_action:
        item |= {
            "status": node.status,
            "start_year": node.start_year,
            "end_year": node.end_year,
            "responsible": node.responsible or None,
            "responsible_department": (
                node.responsible_department.slug if node.responsible_department else None
            ),
            "cost_mdl": node.cost,
            "funding_source": node.funding_source or None,
        }
    return item


@router.get(
    "/plans",
    response={200: list[PlanOut], **error_responses(400)},
    summary="Plans and their overall progress",
)
@paginate(Pages)
def plans(request: HttpRequest):  # noqa: ANN201
    return selectors.plans()


@router.get(
    "/plans/{code}",
    response={200: PlanTreeOut, **error_responses(400, 404)},
    summary="A plan's tree: priorities, objectives, actions with rolled-up progress",
)
def plan_tree(request: HttpRequest, code: str):  # noqa: ANN201
    plan = _plan(code)
    tree = selectors.plan_tree(plan)
    return {
        "code": plan.code,
        "title": plan.title,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "is_illustrative": plan.is_illustrative,
        "progress": tree.progress,
        "priorities": [_item(root) for root in tree.roots],
    }


@router.get(
    "/plans/{code}/indicators",
    response={200: list[IndicatorOut], **error_responses(400, 404)},
    summary="A plan's indicators with their latest values",
)
@paginate(Pages)
def indicators(request: HttpRequest, code: str):  # noqa: ANN201
    return selectors.indicators_with_latest(_plan(code))


@router.get(
    "/plans/{code}/indicators/{indicator}/values",
    response={200: list[ValueOut], **error_responses(400, 404)},
    summary="The values of one indicator, in date order",
)
@paginate(Pages)
def values(  # noqa: ANN201
    request: HttpRequest,
    code: str,
    indicator: str,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
):
    found = selectors.indicator_of_plan(_plan(code), indicator[:30])
    if found is None:
        raise HttpError(404, _("There is no such indicator."))
    if since and until and until < since:
        raise HttpError(400, _("“until” cannot come before “since”."))
    return selectors.indicator_values(found, since=since, until=until)
