"""The city side's desk: the Mayor's office registers letters, assigns evaluators and
answers; evaluators keep private notes on the ideas given to them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from smartcity.collaboration import access, selectors, services
from smartcity.collaboration.forms import AnswerForm, AssignForm, NoteForm, ReceiptForm
from smartcity.collaboration.models import Member, ProjectIdea
from smartcity.collaboration.views.access import forbidden, form_errors_to_messages, refusals_shown

DESK_REFUSED = gettext_lazy("This desk is for the Mayor's office and the city's evaluators.")


def _on_desk(user) -> bool:  # noqa: ANN001
    return access.is_mayors_office(user) or access.has_role(user, Member.Role.EVALUATOR)


@login_required
def office_home(request: HttpRequest) -> HttpResponse:
    if not _on_desk(request.user):
        return forbidden(request, str(DESK_REFUSED))
    office = access.is_mayors_office(request.user)
    return render(
        request,
        "collaboration/office/home.html",
        {
            "is_office": office,
            "letters": selectors.letters_for_office()[:200] if office else [],
            "awaiting": selectors.ideas_awaiting_answer()[:200] if office else [],
            "assigned": selectors.ideas_assigned_to(request.user)[:200],
        },
    )


def _idea_on_desk(request: HttpRequest, pk: int) -> ProjectIdea:
    idea = selectors.idea_for_viewer(pk, request.user)
    if idea is None:
        raise Http404(_("There is no such project idea."))
    if not services.may_evaluate(idea, request.user):
        raise PermissionDenied(str(DESK_REFUSED))
    return idea


@login_required
@refusals_shown
def office_idea(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _idea_on_desk(request, pk)
    return render(
        request,
        "collaboration/office/idea.html",
        {
            "idea": idea,
            "letter": getattr(idea, "letter", None),
            "is_office": access.is_mayors_office(request.user),
            "assignments": selectors.assignments_of(idea),
            "notes": selectors.private_notes(idea, allowed=True),
            "receipt_form": ReceiptForm(),
            "assign_form": AssignForm(),
            "note_form": NoteForm(),
            "answer_form": AnswerForm(),
        },
    )


def _errors_to_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_POST
@login_required
@refusals_shown
def office_assign(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _idea_on_desk(request, pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the city's evaluators."))
        return redirect("collaboration:office_idea", idea.pk)
    try:
        services.evaluator_assign(
            idea=idea, by=request.user, evaluator_id=form.cleaned_data["evaluator"].pk
        )
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        messages.success(request, _("The evaluator is assigned."))
    return redirect("collaboration:office_idea", idea.pk)


@require_POST
@login_required
@refusals_shown
def office_note(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _idea_on_desk(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.evaluation_note_add(idea=idea, by=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("The private note is saved."))
    else:
        messages.error(request, _("The note is empty."))
    return redirect("collaboration:office_idea", idea.pk)


@require_POST
@login_required
@refusals_shown
def office_answer(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _idea_on_desk(request, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("collaboration:office_idea", idea.pk)
    data = form.cleaned_data
    try:
        services.idea_answer(
            idea=idea,
            by=request.user,
            decision=data["decision"],
            text=data["text"],
            cost=data["cost"],
            starts=data["starts"],
            ends=data["ends"],
        )
    except ValidationError as error:
        _errors_to_messages(request, error)
        return redirect("collaboration:office_idea", idea.pk)
    messages.success(request, _("The answer is published and the author is notified."))
    return redirect("collaboration:office_idea", idea.pk)
