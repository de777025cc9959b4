"""The study report as PDF (WeasyPrint, DejaVu fonts, nothing fetched from the network):
the charts and tables of the published results, for schools and the university."""

from __future__ import annotations

from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils import translation

from smartcity.operations.documents import DocumentKind, fingerprint
from smartcity.skills.analysis import forecast_by_round, results_of
from smartcity.skills.models import Answer, Response, StudyRound
from smartcity.skills.views.context import results_context
from smartcity.web.pdf import FONT_DIR, pdf_from_html


def report_html(study_round: StudyRound, *, language: str = "ro") -> str:
    with translation.override(language):
        context = results_context(results_of(study_round), forecast_by_round())
        context["font_dir"] = FONT_DIR.as_uri()
        return render_to_string("skills/report.html", context)


def report_pdf(study_round: StudyRound, *, language: str = "ro") -> bytes:
    return pdf_from_html(report_html(study_round, language=language))


def report_key(study_round: StudyRound, *, language: str) -> str:
    """The kept report's key: one file per round and language."""
    return f"{study_round.year}/{language}"


def report_version(key: str) -> str:
    """What the report shows, fingerprinted: every round's responses (the forecast reads
    them all), with their last edit and submission."""
    year, language = key.split("/")
    responses = Response.objects.aggregate(
        n=Count("id"), edited=Max("updated_at"), submitted=Max("submitted_at")
    )
    answers = Answer.objects.count()
    rounds = list(StudyRound.objects.order_by("year").values_list("year", "opens_at", "closes_at"))
    return fingerprint(year, language, responses, answers, rounds)


def report_draw(key: str) -> bytes:
    year, language = key.split("/")
    return report_pdf(StudyRound.objects.get(year=int(year)), language=language)


REPORT = DocumentKind("skills_report", version=report_version, draw=report_draw)
