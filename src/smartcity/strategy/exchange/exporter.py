"""Writing plans in the exchange format."""

from __future__ import annotations

import csv
import io

from smartcity.strategy.exchange.table import COLUMNS, NUMERIC, SHEET, number_text
from smartcity.strategy.models import ActionMilestone, Indicator, IndicatorValue, Node, Plan


def _titles(record: object, field: str) -> dict[str, str]:
    """The record's translated field in the format's title_ro, title_ru, title_en."""
    return {
        f"title_{lang}": getattr(record, f"{field}_{lang}") or "" for lang in ("ro", "ru", "en")
    }


def _text(record: object, name: str) -> str:
    """One translation of a field (modeltranslation's `<field>_<lang>`), empty when unset."""
    return getattr(record, name) or ""


def _row(**values: object) -> dict[str, str]:
    row = {column: "" for column in COLUMNS}
    for key, value in values.items():
        row[key] = "" if value is None else str(value)
    return row


def _node_rows(plan: Plan, nodes: list[Node], milestones: dict[int, list]) -> list[dict]:
    by_parent: dict[int | None, list[Node]] = {}
    for node in nodes:
        by_parent.setdefault(node.parent_id, []).append(node)
    rows: list[dict] = []

    def visit(node: Node, parent_code: str) -> None:
        action = {}
        if node.is_action:
            department = node.responsible_department
            action = {
                "start_year": node.start_year,
                "end_year": node.end_year,
                "responsible": (
                    department.slug if department else _text(node, "responsible_text_ro")
                ),
                "responsible_ru": "" if department else _text(node, "responsible_text_ru"),
                "responsible_en": "" if department else _text(node, "responsible_text_en"),
                "cost_mdl": number_text(node.cost),
                "funding_source": _text(node, "funding_source_ro"),
                "funding_source_ru": _text(node, "funding_source_ru"),
                "funding_source_en": _text(node, "funding_source_en"),
                "status": node.status,
                "progress": node.progress,
            }
        rows.append(
            _row(
                kind=node.level,
                plan=plan.code,
                code=node.code,
                parent=parent_code,
                **_titles(node, "title"),
                weight=number_text(node.weight),
                **action,
            )
        )
        for milestone in milestones.get(node.pk, []):
            rows.append(
                _row(
                    kind="milestone",
                    plan=plan.code,
                    parent=node.code,
                    **_titles(milestone, "title"),
                    date=milestone.due_on.isoformat(),
                    done_on=milestone.done_on.isoformat() if milestone.done_on else "",
                )
            )
        for child in by_parent.get(node.pk, []):
            visit(child, node.code)

    for root in by_parent.get(None, []):
        visit(root, "")
    return rows


def plan_rows(plans: list[Plan]) -> list[dict[str, str]]:
    """Every record of the plans in the format's order: the plan, its tree depth first
    (each action followed by its milestones), then its indicators, each followed by its
    values in date order."""
    rows: list[dict[str, str]] = []
    for plan in plans:
        rows.append(
            _row(
                kind="plan",
                code=plan.code,
                plan=plan.code,
                **_titles(plan, "title"),
                start_year=plan.start_year,
                end_year=plan.end_year,
                illustrative="yes" if plan.is_illustrative else "no",
            )
        )
        nodes = list(Node.objects.filter(plan=plan).select_related("responsible_department"))
        milestones: dict[int, list] = {}
        for milestone in ActionMilestone.objects.filter(action__plan=plan):
            milestones.setdefault(milestone.action_id, []).append(milestone)
        rows.extend(_node_rows(plan, nodes, milestones))
        codes = {n.pk: n.code for n in nodes}
        values: dict[int, list[IndicatorValue]] = {}
        for value in IndicatorValue.objects.filter(indicator__plan=plan).order_by("measured_on"):
            values.setdefault(value.indicator_id, []).append(value)
        for indicator in Indicator.objects.filter(plan=plan):
            rows.append(
                _row(
                    kind="indicator",
                    plan=plan.code,
                    code=indicator.code,
                    parent=codes[indicator.node_id],
                    **_titles(indicator, "name"),
                    unit=indicator.unit,
                    baseline=number_text(indicator.baseline),
                    baseline_year=indicator.baseline_year,
                    target=number_text(indicator.target),
                    target_year=indicator.target_year,
                    computation=indicator.computation,
                    source=indicator.source,
                )
            )
            for value in values.get(indicator.pk, []):
                rows.append(
                    _row(
                        kind="value",
                        plan=plan.code,
                        code=indicator.code,
                        date=value.measured_on.isoformat(),
                        value=number_text(value.value),
                        source=value.source,
                    )
                )
    return rows


def rows_to_csv(rows: list[dict[str, str]]) -> bytes:
    """UTF-8 with a byte-order mark (so spreadsheets read ș ț and Cyrillic), comma-separated."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def rows_to_xlsx(rows: list[dict[str, str]]) -> bytes:
    """One sheet named "strategy"; numbers as numbers, everything else as text."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([_xlsx_cell(column, row[column]) for column in COLUMNS])
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_cell(column: str, text: str) -> object:
    if column in NUMERIC and text:
        return int(text) if text.lstrip("-").isdigit() else float(text)
    return text
