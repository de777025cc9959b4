"""Joint projects: the public list and page with its timeline, and their upkeep."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.collaboration import selectors, services
from smartcity.collaboration.forms import MilestoneForm, ResponsibleForm
from smartcity.collaboration.views.access import form_errors_to_messages, refusals_shown


def project_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "collaboration/projects/list.html",
        {"rows": selectors.projects_with_progress(limit=200)},
    )


def _project_or_404(pk: int):  # noqa: ANN202
    project = selectors.project_by_id(pk)
    if project is None:
        raise Http404(_("There is no such project."))
    return project


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project_or_404(pk)
    return render(
        request,
        "collaboration/projects/detail.html",
        {
            "project": project,
            "progress": selectors.progress_percent(
                project.milestones_done, project.milestones_total
            ),
            "timeline": selectors.project_timeline(project),
            "can_manage": services.may_manage(project, request.user),
            "milestone_form": MilestoneForm(),
            "responsible_form": ResponsibleForm(),
        },
    )


def _report(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_POST
@login_required
@refusals_shown
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project_or_404(pk)
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("collaboration:project", project.pk)
    try:
        services.milestone_add(project=project, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        _report(request, error)
    return redirect("collaboration:project", project.pk)


@require_POST
@login_required
@refusals_shown
def milestone_done(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    project = _project_or_404(pk)
    milestone = next((m for m in project.milestones.all() if m.pk == milestone_pk), None)
    if milestone is None:
        raise Http404(_("There is no such milestone."))
    services.milestone_complete(milestone=milestone, by=request.user, done_on=timezone.localdate())
    return redirect("collaboration:project", project.pk)


@require_POST
@login_required
@refusals_shown
def responsible_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project_or_404(pk)
    form = ResponsibleForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("collaboration:project", project.pk)
    try:
        services.responsible_add(project=project, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        _report(request, error)
    return redirect("collaboration:project", project.pk)
