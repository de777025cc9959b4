"""The yearly progress report as PDF, drawn by WeasyPrint from an HTML template with
DejaVu Sans (ș ț ă î â and Cyrillic). Nothing is fetched: only the font files are."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from smartcity.strategy import selectors
from smartcity.strategy.models import Plan

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


class FontsOnly(URLFetcher):
    def __init__(self) -> None:
        super().__init__(allowed_protocols={"file", "data"})

    def fetch(self, url: str, headers: dict | None = None):  # noqa: ANN201
        if url.startswith("file:") and not url.startswith(FONT_DIR.as_uri() + "/"):
            raise ValueError(f"the report may use only the DejaVu fonts, not {url}")
        return super().fetch(url, headers)


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
    return HTML(string=report_html(plan, year=year), url_fetcher=FontsOnly()).write_pdf()
