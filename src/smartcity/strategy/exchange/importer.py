"""Importing the exchange format: everything is checked first, every error is reported
with its row, and only a file without errors is written, in one transaction."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartcity.city.selectors import departments
from smartcity.strategy import access
from smartcity.strategy.computations import REGISTRY
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
from smartcity.strategy.models.plans import PARENT_LEVEL

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,29}$")
PLAN_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
KINDS = ("plan", "priority", "objective", "action", "milestone", "indicator", "value")
ACTION_ONLY = (
    "start_year",
    "end_year",
    "responsible",
    "responsible_ru",
    "responsible_en",
    "cost_mdl",
    "funding_source",
    "funding_source_ru",
    "funding_source_en",
    "status",
)


class ImportRejectedError(ValidationError):
    """The file was not imported; `messages` lists each problem with its row."""


class RowError(Exception):
    pass


@dataclass
class Parsed:
    """The checked content of a file, ready to write."""

    plans: dict[str, dict] = field(default_factory=dict)
    nodes: dict[tuple[str, str], dict] = field(default_factory=dict)
    milestones: list[dict] = field(default_factory=list)
    indicators: dict[tuple[str, str], dict] = field(default_factory=dict)
    values: dict[tuple[str, str, datetime.date], dict] = field(default_factory=dict)


def _decimal(row: dict, column: str, *, minimum: Decimal | None = None) -> Decimal | None:
    text = row[column].replace(" ", "").replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise RowError(_("“%(column)s” must be a number.") % {"column": column}) from error
    if not value.is_finite() or abs(value) >= Decimal("1e12"):
        raise RowError(_("“%(column)s” must be a number.") % {"column": column})
    if minimum is not None and value < minimum:
        raise RowError(
            _("“%(column)s” cannot be below %(minimum)s.") % {"column": column, "minimum": minimum}
        )
    return value


def _integer(row: dict, column: str, low: int, high: int) -> int | None:
    text = row[column]
    if not text:
        return None
    if not re.fullmatch(r"\d+", text):
        raise RowError(_("“%(column)s” must be a whole number.") % {"column": column})
    value = int(text)
    if not low <= value <= high:
        raise RowError(
            _("“%(column)s” must be between %(low)d and %(high)d.")
            % {"column": column, "low": low, "high": high}
        )
    return value


def _date(row: dict, column: str, *, required: bool = False) -> datetime.date | None:
    text = row[column]
    if not text:
        if required:
            raise RowError(_("“%(column)s” is required.") % {"column": column})
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise RowError(
            _("“%(column)s” must be a date written YYYY-MM-DD.") % {"column": column}
        ) from error


def _titles(row: dict) -> dict[str, str]:
    if not row["title_ro"]:
        raise RowError(_("“title_ro” (the Romanian title) is required."))
    return {lang: row[f"title_{lang}"][:300] for lang in ("ro", "ru", "en")}


def _years(row: dict) -> tuple[int | None, int | None]:
    start = _integer(row, "start_year", 1990, 2100)
    end = _integer(row, "end_year", 1990, 2100)
    if start and end and end < start:
        raise RowError(_("“end_year” cannot come before “start_year”."))
    return start, end


class Checker:
    """Checks rows in file order against the file so far and the database."""

    def __init__(self) -> None:
        self.parsed = Parsed()
        self.db_plans = set(Plan.objects.values_list("code", flat=True))
        self.db_nodes = {
            (plan, code): level
            for plan, code, level in Node.objects.values_list("plan__code", "code", "level")
        }
        self.db_indicators = set(Indicator.objects.values_list("plan__code", "code"))
        self.departments = {d.slug: d for d in departments()}

    def level_of(self, plan: str, code: str) -> str | None:
        if (plan, code) in self.parsed.nodes:
            return self.parsed.nodes[(plan, code)]["level"]
        return self.db_nodes.get((plan, code))

    def check(self, row: dict, order: int) -> None:
        kind = row["kind"].lower()
        if kind not in KINDS:
            raise RowError(
                _("Unknown kind “%(kind)s”; use one of: %(kinds)s.")
                % {"kind": row["kind"], "kinds": ", ".join(KINDS)}
            )
        plan = row["plan"]
        if kind == "plan":
            self.plan(row, order)
            return
        if plan not in self.parsed.plans and plan not in self.db_plans:
            raise RowError(
                _("Plan “%(plan)s” is neither in the file above nor saved.") % {"plan": plan}
            )
        if kind in Level.values:
            self.node(row, kind, order)
        else:
            getattr(self, kind)(row, order)

    def plan(self, row: dict, order: int) -> None:
        code = row["code"] or row["plan"]
        if not PLAN_CODE.match(code) or (row["plan"] and row["plan"] != code):
            raise RowError(_("A plan's code is lower-case letters, digits and dashes."))
        if code in self.parsed.plans:
            raise RowError(_("Plan “%(plan)s” appears twice.") % {"plan": code})
        start, end = _years(row)
        if start is None or end is None:
            raise RowError(_("A plan needs “start_year” and “end_year”."))
        illustrative = row["illustrative"].lower()
        if illustrative not in ("", "yes", "no", "da", "nu", "true", "false", "1", "0"):
            raise RowError(_("“illustrative” is yes or no."))
        self.parsed.plans[code] = {
            "titles": _titles(row),
            "start_year": start,
            "end_year": end,
            "is_illustrative": illustrative in ("yes", "da", "true", "1"),
            "order": order,
        }

    def _parent(self, row: dict, level: str) -> str:
        parent = row["parent"]
        wanted = PARENT_LEVEL[Level(level)]
        if wanted is None:
            if parent:
                raise RowError(_("A priority has no parent."))
            return ""
        found = self.level_of(row["plan"], parent) if parent else None
        if found != wanted:
            raise RowError(
                _(
                    "The parent must be an item of level “%(parent)s” of the same plan, "
                    "listed above."
                )
                % {"parent": Level(wanted).label}
            )
        return parent

    def node(self, row: dict, level: str, order: int) -> None:
        plan, code = row["plan"], row["code"]
        if not CODE.match(code):
            raise RowError(_("A code is up to 30 letters, digits, dots, dashes or underscores."))
        if (plan, code) in self.parsed.nodes:
            raise RowError(_("Code “%(code)s” appears twice in the plan.") % {"code": code})
        saved = self.db_nodes.get((plan, code))
        if saved is not None and saved != level:
            raise RowError(
                _("“%(code)s” is saved as a %(level)s; it cannot change level.")
                % {"code": code, "level": Level(saved).label}
            )
        values = {
            "level": level,
            "parent": self._parent(row, level),
            "titles": _titles(row),
            "weight": _decimal(row, "weight", minimum=Decimal("0")) or Decimal("1"),
            "order": order,
        }
        if level == Level.ACTION:
            values.update(self._action(row))
        elif any(row[column] for column in ACTION_ONLY + ("progress",)):
            raise RowError(_("Only actions have a timeframe, responsible body, cost and progress."))
        self.parsed.nodes[(plan, code)] = values

    def _action(self, row: dict) -> dict:
        start, end = _years(row)
        status = row["status"] or ActionStatus.NOT_STARTED
        if status not in ActionStatus.values:
            raise RowError(
                _("Unknown status “%(status)s”; use one of: %(statuses)s.")
                % {"status": status, "statuses": ", ".join(ActionStatus.values)}
            )
        progress = _integer(row, "progress", 0, 100) or 0
        if status == ActionStatus.COMPLETED and progress != 100:
            raise RowError(_("A completed action is at 100%."))
        department = self.departments.get(row["responsible"])
        return {
            "start_year": start,
            "end_year": end,
            "responsible_department": department,
            **{
                f"responsible_text_{lang}": "" if department else row[column][:200]
                for lang, column in (
                    ("ro", "responsible"),
                    ("ru", "responsible_ru"),
                    ("en", "responsible_en"),
                )
            },
            "cost": _decimal(row, "cost_mdl", minimum=Decimal("0")),
            **{
                f"funding_source_{lang}": row[column][:200]
                for lang, column in (
                    ("ro", "funding_source"),
                    ("ru", "funding_source_ru"),
                    ("en", "funding_source_en"),
                )
            },
            "status": status,
            "progress": progress,
        }

    def milestone(self, row: dict, order: int) -> None:
        if self.level_of(row["plan"], row["parent"]) != Level.ACTION:
            raise RowError(
                _("A milestone's parent must be an action of the same plan listed above.")
            )
        self.parsed.milestones.append(
            {
                "plan": row["plan"],
                "action": row["parent"],
                "titles": _titles(row),
                "due_on": _date(row, "date", required=True),
                "done_on": _date(row, "done_on"),
            }
        )

    def indicator(self, row: dict, order: int) -> None:
        plan, code = row["plan"], row["code"]
        if not CODE.match(code):
            raise RowError(_("A code is up to 30 letters, digits, dots, dashes or underscores."))
        if (plan, code) in self.parsed.indicators:
            raise RowError(_("Indicator “%(code)s” appears twice.") % {"code": code})
        if self.level_of(plan, row["parent"]) is None:
            raise RowError(
                _("An indicator's parent must be an item of the same plan listed above.")
            )
        if row["computation"] and row["computation"] not in REGISTRY:
            raise RowError(
                _("Unknown computation “%(name)s”; use one of: %(names)s.")
                % {"name": row["computation"], "names": ", ".join(REGISTRY)}
            )
        self.parsed.indicators[(plan, code)] = {
            "node": row["parent"],
            "titles": _titles(row),
            "unit": row["unit"][:40],
            "baseline": _decimal(row, "baseline"),
            "baseline_year": _integer(row, "baseline_year", 1990, 2100),
            "target": _decimal(row, "target"),
            "target_year": _integer(row, "target_year", 1990, 2100),
            "computation": row["computation"],
            "source": row["source"][:250],
            "order": order,
        }

    def value(self, row: dict, order: int) -> None:
        plan, code = row["plan"], row["code"]
        if (plan, code) not in self.parsed.indicators and (plan, code) not in self.db_indicators:
            raise RowError(
                _("Indicator “%(code)s” is neither in the file above nor saved.") % {"code": code}
            )
        measured_on = _date(row, "date", required=True)
        assert measured_on is not None
        if measured_on > timezone.localdate():
            raise RowError(_("A value cannot be measured in the future."))
        value = _decimal(row, "value")
        if value is None:
            raise RowError(_("“%(column)s” is required.") % {"column": "value"})
        key = (plan, code, measured_on)
        if key in self.parsed.values:
            raise RowError(_("The indicator has two values on that date."))
        self.parsed.values[key] = {"value": value, "source": row["source"][:250]}


def plans_check(rows: list[dict[str, str]]) -> Parsed:
    """Check every row; raise ImportRejectedError with all problems, each with its row number
    (the header is row 1)."""
    checker = Checker()
    errors = []
    for index, row in enumerate(rows):
        try:
            checker.check(row, order=index)
        except RowError as error:
            errors.append(_("Row %(row)d: %(problem)s") % {"row": index + 2, "problem": error})
    if not rows:
        errors.append(_("The file has no rows below its header."))
    if errors:
        raise ImportRejectedError(errors)
    return checker.parsed


def plans_import(*, rows: list[dict[str, str]], by, filename: str = "") -> dict[str, int]:  # noqa: ANN001
    """Import the rows (see docs/strategy-exchange.md): create or update plans, items,
    milestones, indicators and values by their codes; all or nothing. Only plan
    administrators import. Returns the number of records of each kind written."""
    if not access.is_plan_administrator(by):
        raise PermissionDenied(_("Only administrators import plans."))
    parsed = plans_check(rows)
    with transaction.atomic():
        return _write(parsed, by=by, filename=filename)


def _translated(prefix: str, titles: dict[str, str]) -> dict[str, str]:
    return {f"{prefix}_{lang}": text for lang, text in titles.items()}


def _write(parsed: Parsed, *, by, filename: str) -> dict[str, int]:  # noqa: ANN001
    plans = {p.code: p for p in Plan.objects.all()}
    for code, data in parsed.plans.items():
        plans[code], _created = Plan.objects.update_or_create(
            code=code,
            defaults={
                **_translated("title", data["titles"]),
                "start_year": data["start_year"],
                "end_year": data["end_year"],
                "is_illustrative": data["is_illustrative"],
                "order": data["order"],
            },
        )
    nodes = {(n.plan.code, n.code): n for n in Node.objects.select_related("plan")}
    for (plan, code), data in parsed.nodes.items():
        data = dict(data)
        parent_code = data.pop("parent")
        titles = data.pop("titles")
        nodes[(plan, code)], _created = Node.objects.update_or_create(
            plan=plans[plan],
            code=code,
            defaults={
                **data,
                **_translated("title", titles),
                "parent": nodes[(plan, parent_code)] if parent_code else None,
            },
        )
    for data in parsed.milestones:
        ActionMilestone.objects.update_or_create(
            action=nodes[(data["plan"], data["action"])],
            title_ro=data["titles"]["ro"],
            defaults={
                "title_ru": data["titles"]["ru"],
                "title_en": data["titles"]["en"],
                "due_on": data["due_on"],
                "done_on": data["done_on"],
            },
        )
    indicators = {(i.plan.code, i.code): i for i in Indicator.objects.select_related("plan")}
    for (plan, code), data in parsed.indicators.items():
        data = dict(data)
        node_code = data.pop("node")
        titles = data.pop("titles")
        indicators[(plan, code)], _created = Indicator.objects.update_or_create(
            plan=plans[plan],
            code=code,
            defaults={**data, **_translated("name", titles), "node": nodes[(plan, node_code)]},
        )
    for (plan, code, measured_on), data in parsed.values.items():
        indicator = indicators[(plan, code)]
        IndicatorValue.objects.update_or_create(
            indicator=indicator,
            measured_on=measured_on,
            defaults={**data, "is_computed": bool(indicator.computation), "entered_by": by},
        )
    counts = {
        "plans": len(parsed.plans),
        "items": len(parsed.nodes),
        "milestones": len(parsed.milestones),
        "indicators": len(parsed.indicators),
        "values": len(parsed.values),
    }
    touched = (
        set(parsed.plans)
        | {p for p, _c in parsed.nodes}
        | {p for p, _c in parsed.indicators}
        | {p for p, _c, _d in parsed.values}
        | {m["plan"] for m in parsed.milestones}
    )
    for plan in touched:
        ChangeRecord.objects.create(
            plan=plans[plan],
            kind=ChangeRecord.Kind.IMPORT,
            after={"file": filename[:200], **counts},
            changed_by=by,
        )
    return counts
