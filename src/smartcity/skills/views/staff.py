"""The study's desk: rounds, invitations, reminders, exports and a preview of the survey."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial, wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.skills import exports, services, tasks
from smartcity.skills.access import can_run_study
from smartcity.skills.forms import RoundForm
from smartcity.skills.models import StudyRound, Survey
from smartcity.skills.questionnaire import structure_of
from smartcity.skills.selectors import businesses_to_invite, rounds_with_progress
from smartcity.skills.views.context import item_views


def study_staff(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:  # noqa: ANN002, ANN003
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_run_study(request.user):
            return render(request, "skills/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


@study_staff
def desk(request: HttpRequest) -> HttpResponse:
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_open(**form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("The round is open."))
            return redirect("skills:desk")
    rounds = [(r, businesses_to_invite(r).count()) for r in rounds_with_progress()]
    return render(
        request,
        "skills/staff/desk.html",
        {"rounds": rounds, "form": form, "surveys": Survey.objects.all()},
        status=422 if form.errors else 200,
    )


@require_POST
@study_staff
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    study_round = get_object_or_404(StudyRound, pk=pk)
    with transaction.atomic():
        created = services.invitations_create(
            round=study_round, organisations=businesses_to_invite(study_round)
        )
        for invitation in created:
            transaction.on_commit(partial(tasks.invitation_send.enqueue, invitation.pk))
    messages.success(request, _("%(count)s enterprises invited.") % {"count": len(created)})
    return redirect("skills:desk")


@require_POST
@study_staff
def remind(request: HttpRequest, pk: int) -> HttpResponse:
    study_round = get_object_or_404(StudyRound, pk=pk)
    tasks.reminders_send.enqueue(study_round.pk)
    messages.success(
        request, _("Reminders are being sent to the enterprises that have not answered.")
    )
    return redirect("skills:desk")


@study_staff
def export_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    study_round = get_object_or_404(StudyRound, pk=pk)
    response = StreamingHttpResponse(
        exports.csv_lines(study_round), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="raspunsuri-{study_round.year}.csv"'
    return response


@study_staff
def export_xlsx(request: HttpRequest, pk: int) -> FileResponse:
    study_round = get_object_or_404(StudyRound, pk=pk)
    return FileResponse(
        exports.xlsx_file(study_round),
        as_attachment=True,
        filename=f"raspunsuri-{study_round.year}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@study_staff
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    return render(
        request,
        "skills/respond.html",
        {
            "survey": survey,
            "sections": item_views(structure_of(survey), {}, {}),
            "errors": {},
            "preview": True,
        },
    )
