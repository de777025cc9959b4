"""The study report as PDF (WeasyPrint, DejaVu fonts, nothing fetched from the network):
the charts and tables of the published results, for schools and the university."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from smartcity.skills.analysis import forecast_by_round, results_of
from smartcity.skills.models import StudyRound
from smartcity.skills.views.context import results_context
from smartcity.web.pdf import FONT_DIR, pdf_from_html


def report_html(study_round: StudyRound, *, language: str = "ro") -> str:
    with translation.override(language):
        context = results_context(results_of(study_round), forecast_by_round())
        context["font_dir"] = FONT_DIR.as_uri()
        return render_to_string("skills/report.html", context)


def report_pdf(study_round: StudyRound, *, language: str = "ro") -> bytes:
    return pdf_from_html(report_html(study_round, language=language))
