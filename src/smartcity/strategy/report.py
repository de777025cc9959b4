"""The yearly progress report as PDF, drawn from an HTML template (smartcity.web.pdf:
DejaVu Sans, nothing fetched)."""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string
from django.utils import timezone

from smartcity.strategy import selectors
from smartcity.strategy.models import Plan
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
