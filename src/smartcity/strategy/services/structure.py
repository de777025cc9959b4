"""Writes on the plans' tree: adding, editing and removing priorities, objectives, actions
and indicators, and linking items to the collaboration. Administrators change the whole
tree; department staff edit their own department's actions and those actions' indicators
(see access). Every change is recorded with who, when, before and after."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from smartcity.city.models import Department
from smartcity.collaboration import selectors as collaboration_selectors
from smartcity.strategy import access
from smartcity.strategy.computations import REGISTRY
from smartcity.strategy.exchange.importer import CODE
from smartcity.strategy.models import ChangeRecord, Indicator, Level, Node, Plan

LANGUAGES = ("ro", "ru", "en")
# The level of the items added under an item of each level (None: under the plan).
CHILD_LEVEL: dict[str | None, Level] = {
    None: Level.PRIORITY,
    Level.PRIORITY: Level.OBJECTIVE,
    Level.OBJECTIVE: Level.ACTION,
}
YEARS = (1990, 2100)
MAX_AMOUNT = Decimal("1e12")


@dataclass(frozen=True)
class ItemContent:
    """What staff write about a priority, objective or action. Texts by language code;
    the action-only fields are ignored for the levels above."""

    code: str
    titles: dict[str, str]
    weight: Decimal = Decimal("1")
    start_year: int | None = None
    end_year: int | None = None
    responsible_department: Department | None = None
    responsible_texts: dict[str, str] = field(default_factory=dict)
    cost: Decimal | None = None
    funding_sources: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class IndicatorContent:
    code: str
    names: dict[str, str]
    unit: str = ""
    baseline: Decimal | None = None
    baseline_year: int | None = None
    target: Decimal | None = None
    target_year: int | None = None
    computation: str = ""
    source: str = ""


def _texts(texts: dict[str, str], length: int) -> dict[str, str]:
    return {lang: (texts.get(lang) or "").strip()[:length] for lang in LANGUAGES}


def _year_problems(errors: dict, start: int | None, end: int | None, names: tuple) -> None:
    for name, year in zip(names, (start, end), strict=True):
        if year is not None and not YEARS[0] <= year <= YEARS[1]:
            errors[name] = [
                _("A year between %(low)d and %(high)d.")
                % dict(zip(("low", "high"), YEARS, strict=True))
            ]
    if start is not None and end is not None and end < start and names[1] not in errors:
        errors[names[1]] = [_("The last year cannot come before the first.")]


def _code_problems(errors: dict, code: str, taken: bool) -> None:
    if not CODE.match(code):
        errors["code"] = [_("A code is up to 30 letters, digits, dots, dashes or underscores.")]
    elif taken:
        errors["code"] = [_("Another item of the plan has the code “%(code)s”.") % {"code": code}]


def _item_check(plan: Plan, content: ItemContent, *, level: str, pk: int | None) -> None:
    errors: dict[str, list[str]] = {}
    taken = Node.objects.filter(plan=plan, code=content.code).exclude(id=pk or 0).exists()
    _code_problems(errors, content.code, taken)
    if not (content.titles.get("ro") or "").strip():
        errors["title_ro"] = [_("The Romanian title is required.")]
    if content.weight < 0 or content.weight >= 10_000:
        errors["weight"] = [_("The weight is a number from 0 to 9999.")]
    if level == Level.ACTION:
        _year_problems(errors, content.start_year, content.end_year, ("start_year", "end_year"))
        if content.cost is not None and not 0 <= content.cost < MAX_AMOUNT:
            errors["cost"] = [_("The cost is a positive amount in lei.")]
    if errors:
        raise ValidationError(errors)


def _item_values(content: ItemContent, level: str) -> dict:
    """The model fields the content sets."""
    values: dict = {
        "code": content.code.strip(),
        "weight": content.weight,
        **{f"title_{lang}": text for lang, text in _texts(content.titles, 300).items()},
    }
    if level == Level.ACTION:
        department = content.responsible_department
        bodies = {} if department else content.responsible_texts
        values.update(
            start_year=content.start_year,
            end_year=content.end_year,
            responsible_department=department,
            cost=content.cost,
            **{f"responsible_text_{lang}": t for lang, t in _texts(bodies, 200).items()},
            **{
                f"funding_source_{lang}": t
                for lang, t in _texts(content.funding_sources, 200).items()
            },
        )
    return values


def _recorded(value: object) -> object:
    """A field's value as the record keeps it (JSON)."""
    if isinstance(value, Department):
        return value.slug
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def _snapshot(record: models.Model, names: list[str]) -> dict:
    """The fields as the record keeps them; an empty translation (NULL) reads as ""."""
    snapshot = {}
    for name in names:
        value = getattr(record, name)
        if value is None and isinstance(record._meta.get_field(name), models.CharField):
            value = ""
        snapshot[name] = _recorded(value)
    return snapshot


def _record(*, plan_id: int, kind: str, by, node=None, indicator=None, before=None, after=None):  # noqa: ANN001, ANN202
    return ChangeRecord.objects.create(
        plan_id=plan_id,
        node=node,
        indicator=indicator,
        kind=kind,
        before=before or {},
        after=after or {},
        changed_by=by,
    )


def node_add(*, plan: Plan, parent: Node | None, by, content: ItemContent) -> Node:  # noqa: ANN001
    """Add a priority (no parent), an objective (under a priority) or an action (under an
    objective) at the end of its siblings. Administrators only."""
    if not access.is_plan_administrator(by):
        raise PermissionDenied(_("Only administrators add or remove items of a plan."))
    if parent is not None and parent.plan_id != plan.pk:
        raise ValidationError(_("The parent belongs to another plan."))
    level = CHILD_LEVEL.get(parent.level if parent else None)
    if level is None:
        raise ValidationError(_("Nothing goes under an action but its indicators."))
    _item_check(plan, content, level=level, pk=None)
    values = _item_values(content, level)
    with transaction.atomic():
        last = Node.objects.filter(plan=plan).order_by("-order").values_list("order", flat=True)
        node = Node.objects.create(
            plan=plan, parent=parent, level=level, order=(last.first() or 0) + 1, **values
        )
        _record(
            plan_id=plan.pk,
            kind=ChangeRecord.Kind.ADDED,
            by=by,
            node=node,
            after={"level": level, **{k: _recorded(v) for k, v in values.items()}},
        )
    return node


def node_edit(*, node: Node, by, content: ItemContent) -> Node:  # noqa: ANN001
    """Change an item's code, titles, weight and (actions) timeframe, responsible body,
    cost and funding. Only administrators hand an action to another department."""
    if not access.may_edit_node(by, node):
        raise PermissionDenied(_("You may not edit this item."))
    if (
        node.level == Level.ACTION
        and not access.is_plan_administrator(by)
        and content.responsible_department != node.responsible_department
    ):
        raise PermissionDenied(_("Only administrators hand an action to another department."))
    _item_check(node.plan, content, level=node.level, pk=node.pk)
    values = _item_values(content, node.level)
    with transaction.atomic():
        node = Node.objects.select_for_update().get(pk=node.pk)
        before = _snapshot(node, list(values))
        for name, value in values.items():
            setattr(node, name, value)
        after = _snapshot(node, list(values))
        changed = [name for name in values if before[name] != after[name]]
        if not changed:
            return node
        node.save()
        _record(
            plan_id=node.plan_id,
            kind=ChangeRecord.Kind.EDITED,
            by=by,
            node=node,
            before={name: before[name] for name in changed},
            after={name: after[name] for name in changed},
        )
    return node


def node_remove(*, node: Node, by) -> None:  # noqa: ANN001
    """Remove an item with everything under it (items, milestones, indicators and their
    values). Administrators only; the record keeps what was removed."""
    if not access.is_plan_administrator(by):
        raise PermissionDenied(_("Only administrators add or remove items of a plan."))
    with transaction.atomic():
        below = _descendants(node)
        before = {
            "level": node.level,
            "code": node.code,
            "title_ro": getattr(node, "title_ro", ""),
            "items_below": sorted(n.code for n in below),
            "indicators": sorted(
                Indicator.objects.filter(node__in=[node, *below]).values_list("code", flat=True)
            ),
        }
        plan_id = node.plan_id
        node.delete()
        _record(plan_id=plan_id, kind=ChangeRecord.Kind.REMOVED, by=by, before=before)


def _descendants(node: Node) -> list[Node]:
    found: list[Node] = []
    level = [node.pk]
    while level:
        children = list(Node.objects.filter(parent_id__in=level))
        found.extend(children)
        level = [child.pk for child in children]
    return found


def _indicator_check(plan: Plan, content: IndicatorContent, *, pk: int | None) -> None:
    errors: dict[str, list[str]] = {}
    taken = Indicator.objects.filter(plan=plan, code=content.code).exclude(id=pk or 0).exists()
    _code_problems(errors, content.code, taken)
    if not (content.names.get("ro") or "").strip():
        errors["name_ro"] = [_("The Romanian name is required.")]
    if content.computation and content.computation not in REGISTRY:
        errors["computation"] = [_("Choose a computation from the list.")]
    for name in ("baseline", "target"):
        value = getattr(content, name)
        if value is not None and abs(value) >= MAX_AMOUNT:
            errors[name] = [_("The number is too large.")]
    for name in ("baseline_year", "target_year"):
        year = getattr(content, name)
        if year is not None and not YEARS[0] <= year <= YEARS[1]:
            errors[name] = [
                _("A year between %(low)d and %(high)d.")
                % dict(zip(("low", "high"), YEARS, strict=True))
            ]
    if errors:
        raise ValidationError(errors)


def _indicator_values(content: IndicatorContent) -> dict:
    return {
        "code": content.code.strip(),
        **{f"name_{lang}": text for lang, text in _texts(content.names, 300).items()},
        "unit": content.unit.strip()[:40],
        "baseline": content.baseline,
        "baseline_year": content.baseline_year,
        "target": content.target,
        "target_year": content.target_year,
        "computation": content.computation,
        "source": content.source.strip()[:250],
    }


def indicator_add(*, node: Node, by, content: IndicatorContent) -> Indicator:  # noqa: ANN001
    """Add an indicator measuring the item (whoever may edit the item)."""
    if not access.may_edit_node(by, node):
        raise PermissionDenied(_("You may not edit this item."))
    _indicator_check(node.plan, content, pk=None)
    values = _indicator_values(content)
    with transaction.atomic():
        last = Indicator.objects.filter(plan_id=node.plan_id).order_by("-order").first()
        indicator = Indicator.objects.create(
            plan_id=node.plan_id, node=node, order=(last.order if last else 0) + 1, **values
        )
        _record(
            plan_id=node.plan_id,
            kind=ChangeRecord.Kind.ADDED,
            by=by,
            node=node,
            indicator=indicator,
            after={k: _recorded(v) for k, v in values.items()},
        )
    return indicator


def indicator_edit(*, indicator: Indicator, by, content: IndicatorContent) -> Indicator:  # noqa: ANN001
    if not access.may_edit_indicator(by, indicator):
        raise PermissionDenied(_("You may not edit this indicator."))
    _indicator_check(indicator.plan, content, pk=indicator.pk)
    values = _indicator_values(content)
    with transaction.atomic():
        indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
        before = _snapshot(indicator, list(values))
        for name, value in values.items():
            setattr(indicator, name, value)
        after = _snapshot(indicator, list(values))
        changed = [name for name in values if before[name] != after[name]]
        if not changed:
            return indicator
        indicator.save()
        _record(
            plan_id=indicator.plan_id,
            kind=ChangeRecord.Kind.EDITED,
            by=by,
            node=indicator.node,
            indicator=indicator,
            before={name: before[name] for name in changed},
            after={name: after[name] for name in changed},
        )
    return indicator


def indicator_remove(*, indicator: Indicator, by) -> None:  # noqa: ANN001
    """Remove an indicator with its values; the record keeps its definition and count."""
    if not access.may_edit_indicator(by, indicator):
        raise PermissionDenied(_("You may not edit this indicator."))
    with transaction.atomic():
        before = {
            **_snapshot(indicator, list(_indicator_values(IndicatorContent("", {})))),
            "values": indicator.values.count(),
        }
        plan_id, node = indicator.plan_id, indicator.node
        indicator.delete()
        _record(plan_id=plan_id, kind=ChangeRecord.Kind.REMOVED, by=by, node=node, before=before)


def node_links_set(
    *,
    node: Node,
    by,  # noqa: ANN001
    need_ids: list[int],
    idea_ids: list[int],
    project_ids: list[int],
) -> Node:
    """Link the item to the collaboration's needs, public ideas and joint projects serving
    it (replacing the links it had). Unknown ids and drafts of ideas are refused."""
    if not access.may_edit_node(by, node):
        raise PermissionDenied(_("You may not edit this item."))
    wanted = {"needs": set(need_ids), "ideas": set(idea_ids), "projects": set(project_ids)}
    found = {
        "needs": set(
            collaboration_selectors.needs_by_ids(list(wanted["needs"])).values_list("pk", flat=True)
        ),
        "ideas": set(
            collaboration_selectors.public_ideas_by_ids(list(wanted["ideas"])).values_list(
                "pk", flat=True
            )
        ),
        "projects": set(
            collaboration_selectors.projects_by_ids(list(wanted["projects"])).values_list(
                "pk", flat=True
            )
        ),
    }
    missing = [name for name in wanted if wanted[name] - found[name]]
    if missing:
        raise ValidationError({name: [_("Choose only from the list shown.")] for name in missing})
    with transaction.atomic():
        before = {
            "needs": sorted(node.needs.values_list("pk", flat=True)),
            "ideas": sorted(node.ideas.values_list("pk", flat=True)),
            "projects": sorted(node.projects.values_list("pk", flat=True)),
        }
        after = {name: sorted(ids) for name, ids in wanted.items()}
        if before == after:
            return node
        node.needs.set(after["needs"])
        node.ideas.set(after["ideas"])
        node.projects.set(after["projects"])
        _record(
            plan_id=node.plan_id,
            kind=ChangeRecord.Kind.LINKS,
            by=by,
            node=node,
            before=before,
            after=after,
        )
    return node
