"""The yearly progress report as PDF, drawn from an HTML template (smartcity.web.pdf:
DejaVu Sans, nothing fetched)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils import timezone, translation

from smartcity.operations.documents import DocumentKind, fingerprint
from smartcity.strategy import selectors
from smartcity.strategy.models import ActionMilestone, ChangeRecord, IndicatorValue, Node, Plan
from smartcity.web.pdf import FONT_DIR, pdf_from_html


def report_html(plan: Plan, *, year: int) -> str:
    """The report of `year` in the active language: the tree's progress as it stands,
    the indicators' values measured up to the end of that year, milestones of the year."""
    tree = selectors.plan_tree(plan, values_until=datetime.date(year, 12, 31))
    rows = tree.walk()
    for view in rows:
        view.year_milestones = [  # type: ignore[attr-defined]
            m for m in view.milestones if m.done_on and m.done_on.year == year
        ]
    return render_to_string(
        "strategy/report.html",
        {
            "plan": plan,
            "tree": tree,
            "rows": rows,
            "year": year,
            "made_on": timezone.localdate(),
            "font_dir": FONT_DIR.as_uri(),
        },
    )


def report_pdf(plan: Plan, *, year: int) -> bytes:
    return pdf_from_html(report_html(plan, year=year))


def report_key(plan: Plan, *, year: int, language: str) -> str:
    """The kept report's key: one file per plan, year and language."""
    return f"{plan.code}/{year}/{language}"


def _parts(key: str) -> tuple[Plan, int, str]:
    code, year, language = key.split("/")
    return Plan.objects.get(code=code), int(year), language


def report_version(key: str) -> str:
    """What the report shows, fingerprinted: the plan, its tree (each edit stamps its
    node), milestones, indicator values, the record of changes; and the day it is made on."""
    plan, year, language = _parts(key)
    nodes = Node.objects.filter(plan=plan).aggregate(n=Count("id"), at=Max("updated_at"))
    values = IndicatorValue.objects.filter(indicator__plan=plan).aggregate(
        n=Count("id"), at=Max("recorded_at")
    )
    changes = ChangeRecord.objects.filter(plan=plan).aggregate(n=Count("id"), at=Max("changed_at"))
    milestones = list(
        ActionMilestone.objects.filter(action__plan=plan)
        .order_by("id")
        .values_list("id", "due_on", "done_on", "title")
    )
    return fingerprint(
        plan.pk,
        plan.title,
        plan.start_year,
        plan.end_year,
        year,
        language,
        nodes,
        values,
        changes,
        milestones,
        timezone.localdate(),
    )


def report_draw(key: str) -> bytes:
    plan, year, language = _parts(key)
    with translation.override(language):
        return report_pdf(plan, year=year)


REPORT = DocumentKind("strategy_report", version=report_version, draw=report_draw)
