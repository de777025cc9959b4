"""The plans' indicators and trees in the open data catalogue.

Only what the public progress page shows: no record of changes (it names the staff who
made them) and nobody who entered a value."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from smartcity.opendata.registry import CC_BY_4, Column, Dataset, dataset_register
from smartcity.strategy import selectors

dataset_register(
    Dataset(
        slug="strategy-indicators",
        title=_("Indicators of the city's strategy"),
        description=_(
            "The indicators of the city's development strategy and plans: baseline, "
            "target and every value measured, with its date and source; values computed "
            "from the platform's own data are marked."
        ),
        themes=("GOVE", "REGI"),
        keywords=(_("strategy"), _("indicators"), _("ISO 37120")),
        licence=CC_BY_4,
        frequency="MONTHLY",
        columns=(
            Column("plan", _("plan")),
            Column("indicator", _("indicator")),
            Column("name", _("name")),
            Column("unit", _("unit")),
            Column("measures", _("measures")),
            Column("baseline", _("baseline"), "number"),
            Column("baseline_year", _("baseline year"), "integer"),
            Column("target", _("target"), "number"),
            Column("target_year", _("target year"), "integer"),
            Column("measured_on", _("date")),
            Column("value", _("value"), "number"),
            Column("computed", _("computed"), "boolean"),
            Column("source", _("source")),
        ),
        rows=selectors.indicator_values_for_open_data,
        count=selectors.indicator_values_count,
        modified=selectors.strategy_modified,
        app_label="strategy",
    )
)

dataset_register(
    Dataset(
        slug="strategy-plans",
        title=_("The city's strategy and its progress"),
        description=_(
            "Each plan's priorities, objectives and actions with their weights, the "
            "actions' status, years, responsible department, cost and funding source, and "
            "the progress of each item (an action's own, rolled up by weight above it)."
        ),
        themes=("GOVE", "REGI"),
        keywords=(_("strategy"), _("action plan"), _("progress")),
        licence=CC_BY_4,
        frequency="MONTHLY",
        columns=(
            Column("plan", _("plan")),
            Column("code", _("code")),
            Column("parent", _("parent")),
            Column("level", _("level")),
            Column("title", _("title")),
            Column("weight", _("weight"), "number"),
            Column("status", _("status")),
            Column("progress", _("progress (%)"), "number"),
            Column("start_year", _("from year"), "integer"),
            Column("end_year", _("until year"), "integer"),
            Column("responsible", _("responsible body")),
            Column("cost_mdl", _("cost (MDL)"), "number"),
            Column("funding_source", _("funding source")),
        ),
        rows=selectors.nodes_for_open_data,
        count=selectors.nodes_count,
        modified=selectors.strategy_modified,
        app_label="strategy",
    )
)
