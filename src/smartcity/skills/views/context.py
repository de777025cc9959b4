"""What the templates of the survey and of the results need, prepared in Python (Django
templates cannot look up a dict by a variable key)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from smartcity.skills.analysis import Forecast, Results
from smartcity.skills.charts import bar_chart
from smartcity.skills.models import Question
from smartcity.skills.questionnaire import Item, Structure


@dataclass
class ItemView:
    item: Item
    value: object
    errors: list[str]
    choices: list[tuple[str, str, bool]] = field(default_factory=list)
    rows: list[tuple[str, str, list[tuple[str, object]]]] = field(default_factory=list)

    @property
    def condition_values(self) -> str:
        condition = self.item.condition
        return " ".join(condition[1]) if condition else ""


def item_views(structure: Structure, values: dict[str, object], errors: dict[str, list[str]]):  # noqa: ANN201
    """The survey's sections with each question's current value, choices and errors."""
    sections = []
    for section, items in structure.sections:
        views = []
        for item in items:
            value = values.get(item.code)
            view = ItemView(item, value, errors.get(item.code, []))
            if item.kind == Question.Kind.MULTIPLE:
                chosen = {str(v) for v in value} if isinstance(value, list) else set()
                view.choices = [(c, label, c in chosen) for c, label in item.choices]
            elif item.kind in (Question.Kind.SINGLE, Question.Kind.SCALE):
                pairs = (
                    item.choices
                    if item.kind == Question.Kind.SINGLE
                    else [(str(v), str(v)) for v in item.scale]
                )
                view.choices = [(c, label, str(value) == c) for c, label in pairs]
            elif item.kind == Question.Kind.MATRIX:
                matrix = value if isinstance(value, dict) else {}
                for row, label in item.rows:
                    cells = matrix.get(row)
                    if item.question.cells == Question.Cells.NUMBER:
                        given = cells if isinstance(cells, dict) else {}
                        view.rows.append(
                            (row, label, [(col, given.get(col, "")) for col, _l in item.choices])
                        )
                    else:
                        view.rows.append(
                            (row, label, [(col, cells == col) for col, _l in item.choices])
                        )
            views.append(view)
        sections.append((section, views))
    return sections


def results_context(results: Results, forecasts: list[Forecast]) -> dict:
    """The results page's and the report's tables and charts."""
    context: dict = {"results": results, "forecasts": forecasts}
    if not results.published:
        return context
    demand = [
        r
        for r in results.occupations
        if r.suppressed or (r.values.get("hire_3y") or 0) + (r.values.get("vacant") or 0) > 0
    ]
    context["occupation_chart"] = bar_chart(
        [(f"{r.code} {r.label}", [r.values["hire_1y"], r.values["hire_3y"]]) for r in demand],
        series=[_("hires within 1 year"), _("hires within 3 years")],
    )
    context["skill_chart"] = bar_chart(
        [
            (r.label, [r.shares["needed"].percent, r.shares["gap"].percent])
            for r in results.skills[:15]
        ],
        series=[_("enterprises needing it (weighted %)"), _("of them, staff lack it (%)")],
        unit="%",
    )
    context["sector_chart"] = bar_chart(
        [(r.label, [r.values["hire_1y"], r.values["hire_3y"]]) for r in results.sectors],
        series=[_("hires within 1 year"), _("hires within 3 years")],
    )
    context["forecast_chart"] = bar_chart(
        [(str(f.year), [f.totals["hire_1y"], f.totals["hire_3y"]]) for f in forecasts],
        series=[_("hires within 1 year"), _("hires within 3 years")],
    )
    return context
