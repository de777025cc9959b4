"""Reads of the plans for the public page, the report and the staff's forms."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery

from smartcity.collaboration import selectors as collaboration_selectors
from smartcity.strategy.models import (
    ActionMilestone,
    ActionStatus,
    ChangeRecord,
    Indicator,
    IndicatorValue,
    Level,
    Node,
    Plan,
)
from smartcity.strategy.rollup import Item, progress_rollup


def plans() -> QuerySet[Plan]:
    return Plan.objects.all()


def plan_by_code(code: str) -> Plan | None:
    return Plan.objects.filter(code=code).first()


def node_by_id(pk: int) -> Node | None:
    return Node.objects.select_related("plan", "responsible_department").filter(pk=pk).first()


def indicator_by_id(pk: int) -> Indicator | None:
    return Indicator.objects.select_related("plan", "node").filter(pk=pk).first()


def achievement(
    baseline: Decimal | None, target: Decimal | None, latest: Decimal | None
) -> float | None:
    """How far `latest` went from the baseline to the target, as 0–100 (None when one of
    the three is missing)."""
    if latest is None or baseline is None or target is None:
        return None
    span = target - baseline
    if span == 0:
        return 100.0
    share = float((latest - baseline) / span) * 100
    return max(0.0, min(100.0, share))


@dataclass
class IndicatorView:
    indicator: Indicator
    values: list[IndicatorValue]

    @property
    def latest(self) -> IndicatorValue | None:
        return self.values[-1] if self.values else None

    @property
    def achieved(self) -> float | None:
        """How far the latest value went from the baseline to the target (0–100)."""
        latest = self.latest.value if self.latest else None
        return achievement(self.indicator.baseline, self.indicator.target, latest)

    @property
    def sparkline(self) -> str:
        """SVG polyline points (100 × 24 box) of the values in date order."""
        if len(self.values) < 2:
            return ""
        numbers = [float(v.value) for v in self.values]
        low, high = min(numbers), max(numbers)
        spread = (high - low) or 1.0
        step = 100 / (len(numbers) - 1)
        return " ".join(
            f"{i * step:.1f},{22 - 20 * (n - low) / spread:.1f}" for i, n in enumerate(numbers)
        )


@dataclass
class NodeView:
    node: Node
    progress: float | None
    children: list[NodeView] = field(default_factory=list)
    indicators: list[IndicatorView] = field(default_factory=list)
    milestones: list[ActionMilestone] = field(default_factory=list)
    needs: list = field(default_factory=list)
    ideas: list = field(default_factory=list)
    projects: list = field(default_factory=list)
    may_edit: bool = False  # set by the page for the viewer


@dataclass
class PlanView:
    plan: Plan
    progress: float | None
    roots: list[NodeView]
    by_id: dict[int, NodeView]

    def walk(self) -> list[NodeView]:
        out: list[NodeView] = []

        def visit(view: NodeView) -> None:
            out.append(view)
            for child in view.children:
                visit(child)

        for root in self.roots:
            visit(root)
        return out


def _own_progress(node: Node) -> float | None:
    if node.level != Level.ACTION or node.status == ActionStatus.CANCELLED:
        return None
    return float(node.progress)


def plan_progress(plan: Plan) -> float | None:
    """The plan's overall progress (its priorities' weighted mean)."""
    nodes = Node.objects.filter(plan=plan).only(
        "id", "parent_id", "weight", "level", "status", "progress"
    )
    items = [Item(n.pk, n.parent_id, n.weight, _own_progress(n)) for n in nodes]
    return progress_rollup(items)[1]


def _links(nodes: list[Node]) -> tuple[dict, dict, dict]:
    """Per node id: its needs, public ideas and projects, read through the collaboration's
    selectors (drafts of ideas are never shown)."""
    through = {"needs": Node.needs.through, "ideas": Node.ideas.through}
    ids = [n.pk for n in nodes]
    need_links = list(
        through["needs"].objects.filter(node_id__in=ids).values_list("node_id", "need_id")
    )
    idea_links = list(
        through["ideas"].objects.filter(node_id__in=ids).values_list("node_id", "projectidea_id")
    )
    project_links = list(
        Node.projects.through.objects.filter(node_id__in=ids).values_list("node_id", "project_id")
    )
    needs = {n.pk: n for n in collaboration_selectors.needs_by_ids([i for _n, i in need_links])}
    ideas = {
        i.pk: i for i in collaboration_selectors.public_ideas_by_ids([i for _n, i in idea_links])
    }
    projects = {
        p.pk: p for p in collaboration_selectors.projects_by_ids([i for _n, i in project_links])
    }
    result: list[dict[int, list]] = [defaultdict(list), defaultdict(list), defaultdict(list)]
    pairs: list[tuple[list[tuple[int, int]], dict[int, Any]]] = [
        (need_links, needs),
        (idea_links, ideas),
        (project_links, projects),
    ]
    for index, (links, objects) in enumerate(pairs):
        for node_id, pk in links:
            if pk in objects:
                result[index][node_id].append(objects[pk])
    return result[0], result[1], result[2]


def _plan_outline(plan: Plan) -> PlanView:
    """The tree with each node's rolled-up progress, and nothing else."""
    nodes = list(Node.objects.filter(plan=plan).select_related("responsible_department"))
    items = [Item(n.pk, n.parent_id, n.weight, _own_progress(n)) for n in nodes]
    progress, overall = progress_rollup(items)
    views = {n.pk: NodeView(n, progress.get(n.pk)) for n in nodes}
    roots = []
    for n in nodes:
        if n.parent_id is None:
            roots.append(views[n.pk])
        else:
            views[n.parent_id].children.append(views[n.pk])
    return PlanView(plan, overall, roots, views)


def plan_tree(plan: Plan, *, values_until: datetime.date | None = None) -> PlanView:
    """The whole tree with each node's rolled-up progress, indicators with their values
    (up to `values_until` if given), milestones and the collaboration's links."""
    tree = _plan_outline(plan)
    views = tree.by_id
    # One query grouped here rather than prefetch_related: with thousands of actions the
    # per-node related managers cost more than the query itself.
    for milestone in ActionMilestone.objects.filter(action__plan=plan):
        views[milestone.action_id].milestones.append(milestone)
    values = IndicatorValue.objects.filter(indicator__plan=plan).order_by("measured_on")
    if values_until is not None:
        values = values.filter(measured_on__lte=values_until)
    values_of: dict[int, list[IndicatorValue]] = defaultdict(list)
    for value in values:
        values_of[value.indicator_id].append(value)
    needs, ideas, projects = _links([view.node for view in views.values()])
    for pk, view in views.items():
        view.needs = needs.get(pk, [])
        view.ideas = ideas.get(pk, [])
        view.projects = projects.get(pk, [])
    for indicator in Indicator.objects.filter(plan=plan):
        views[indicator.node_id].indicators.append(
            IndicatorView(indicator, values_of.get(indicator.pk, []))
        )
    return tree


def plan_changes(plan: Plan, *, limit: int = 200) -> list[ChangeRecord]:
    """The latest changes, for staff only (they name people)."""
    return list(
        ChangeRecord.objects.filter(plan=plan)
        .select_related("node", "indicator", "changed_by")
        .order_by("-changed_at", "-id")[:limit]
    )


def plan_years(plan: Plan) -> list[int]:
    return list(range(plan.start_year, plan.end_year + 1))


def current_plan(*, today: datetime.date) -> Plan | None:
    """The plan whose years cover today's (the first by order), else the first plan."""
    covering = Plan.objects.filter(start_year__lte=today.year, end_year__gte=today.year)
    return covering.first() or Plan.objects.first()


@dataclass(frozen=True)
class PlanSummary:
    plan: Plan
    progress: float | None
    actions: int  # not cancelled
    done: int
    late: int


def plan_summary(plan: Plan, *, today: datetime.date) -> PlanSummary:
    """The plan's weighted progress and how many of its actions are done or late.

    An action is late when it is not completed and either is marked delayed, is past
    its last year, or has a milestone due before today and not done."""
    actions = Node.objects.filter(plan=plan, level=Level.ACTION).exclude(
        status=ActionStatus.CANCELLED
    )
    overdue = ActionMilestone.objects.filter(
        action=OuterRef("pk"), due_on__lt=today, done_on__isnull=True
    )
    unfinished = ~Q(status=ActionStatus.COMPLETED)
    late = unfinished & (
        Q(status=ActionStatus.DELAYED) | Q(end_year__lt=today.year) | Q(Exists(overdue))
    )
    counts = actions.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=ActionStatus.COMPLETED)),
        late=Count("pk", filter=late),
    )
    return PlanSummary(plan, plan_progress(plan), counts["total"], counts["done"], counts["late"])


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def indicator_values_for_open_data(*, chunk_size: int = 2000) -> Iterator[dict[str, Any]]:
    """Every measured value of every plan's indicators, by plan, indicator and date, with
    the indicator's baseline and target. Who entered a value is never given."""
    plan_codes = dict(Plan.objects.values_list("pk", "code"))
    node_codes = dict(Node.objects.values_list("pk", "code"))
    indicators = {i.pk: i for i in Indicator.objects.all()}
    values = (
        IndicatorValue.objects.order_by(
            "indicator__plan__order", "indicator__plan__code", "indicator__order", "indicator_id",
            "measured_on",
        )
        .values_list("indicator_id", "measured_on", "value", "is_computed", "source")
    )  # fmt: skip
    for indicator_id, measured_on, value, is_computed, source in values.iterator(
        chunk_size=chunk_size
    ):
        indicator = indicators[indicator_id]
        yield {
            "plan": plan_codes[indicator.plan_id],
            "indicator": indicator.code,
            "name": indicator.name,
            "unit": indicator.unit,
            "measures": node_codes[indicator.node_id],
            "baseline": _number(indicator.baseline),
            "baseline_year": indicator.baseline_year,
            "target": _number(indicator.target),
            "target_year": indicator.target_year,
            "measured_on": measured_on,
            "value": _number(value),
            "computed": is_computed,
            "source": source or indicator.source,
        }


def indicator_values_count() -> int:
    return IndicatorValue.objects.count()


def nodes_for_open_data() -> Iterator[dict[str, Any]]:
    """Every plan's tree, depth first: priorities, objectives and actions with their
    weights and progress (an action's own; above it, the weighted roll-up). The body
    answering for an action is a department or an outside body, never a person."""
    for plan in Plan.objects.all():
        view = _plan_outline(plan)
        for node_view in view.walk():
            node = node_view.node
            parent = view.by_id.get(node.parent_id) if node.parent_id else None
            yield {
                "plan": plan.code,
                "code": node.code,
                "parent": parent.node.code if parent else "",
                "level": node.level,
                "title": node.title,
                "weight": float(node.weight),
                "status": node.status if node.is_action else "",
                "progress": None if node_view.progress is None else round(node_view.progress, 1),
                "start_year": node.start_year,
                "end_year": node.end_year,
                "responsible": node.responsible,
                "cost_mdl": _number(node.cost),
                "funding_source": node.funding_source,
            }


def nodes_count() -> int:
    return Node.objects.count()


def strategy_modified() -> datetime.datetime | None:
    """When a plan's tree or an indicator's value last changed."""
    node = Node.objects.aggregate(last=Max("updated_at"))["last"]
    value = IndicatorValue.objects.aggregate(last=Max("recorded_at"))["last"]
    return max((m for m in (node, value) if m is not None), default=None)


def indicators_with_latest(plan: Plan) -> QuerySet[Indicator]:
    """The plan's indicators in order, each annotated with its latest value and date
    (`latest_value`, `latest_on`; None without values) and its item's code (`item_code`)."""
    latest = IndicatorValue.objects.filter(indicator=OuterRef("pk")).order_by("-measured_on")
    return (
        Indicator.objects.filter(plan=plan)
        .annotate(
            latest_value=Subquery(latest.values("value")[:1]),
            latest_on=Subquery(latest.values("measured_on")[:1]),
            item_code=F("node__code"),
        )
        .order_by("order", "id")
    )


def indicator_of_plan(plan: Plan, code: str) -> Indicator | None:
    return Indicator.objects.filter(plan=plan, code=code).first()


def indicator_values(
    indicator: Indicator,
    *,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[IndicatorValue]:
    """The indicator's values in date order, between `since` and `until` if given."""
    values = IndicatorValue.objects.filter(indicator=indicator).order_by("measured_on")
    if since is not None:
        values = values.filter(measured_on__gte=since)
    if until is not None:
        values = values.filter(measured_on__lte=until)
    return values
