"""The public results of the study, its report PDF and the classification it uses."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import get_language

from smartcity.skills import report as skills_report
from smartcity.skills.access import can_run_study
from smartcity.skills.analysis import forecast_by_round, results_of
from smartcity.skills.models import Occupation, Skill, StudyRound
from smartcity.skills.selectors import round_by_year
from smartcity.skills.views.context import results_context
from smartcity.web.documents import document_response


def _year(request: HttpRequest) -> int | None:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and len(raw) == 4 else None


def results(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    study_round = round_by_year(year)
    is_team = can_run_study(request.user)
    live = is_team and request.GET.get("live") == "1"  # the team sees an open round
    context = {
        "rounds": StudyRound.objects.order_by("-year"),
        "round": study_round,
        "is_team": is_team,
        "live": live,
    }
    if study_round is not None:
        context.update(
            results_context(results_of(study_round, live=live), forecast_by_round(live=live))
        )
    status = 404 if year is not None and study_round is None else 200
    return render(request, "skills/results.html", context, status=status)


def report(request: HttpRequest, year: int) -> HttpResponseBase:
    study_round = round_by_year(year)
    if study_round is None:
        raise Http404
    language = get_language() if get_language() in ("ro", "ru", "en") else "ro"
    # Drawn by the worker and kept (seconds with many responses): never inside the request.
    return document_response(
        request,
        kind=skills_report.REPORT,
        key=skills_report.report_key(study_round, language=language),
        filename=f"studiu-competente-{year}.pdf",
    )


def classification(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "skills/classification.html",
        {"occupations": Occupation.objects.all(), "skills": Skill.objects.all()},
    )
