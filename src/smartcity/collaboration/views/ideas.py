"""Project ideas: the public list and page, and the author's draft that saves itself."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.collaboration import access, selectors, services
from smartcity.collaboration.forms import IdeaForm
from smartcity.collaboration.models import Domain, IdeaStatus, Member
from smartcity.collaboration.views.access import refusals_shown


def idea_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    domain = request.GET.get("domain", "")
    status = status if status in IdeaStatus.values else ""
    domain = domain if domain in Domain.values else ""
    return render(
        request,
        "collaboration/ideas/list.html",
        {
            "ideas": selectors.public_ideas(status=status, domain=domain)[:200],
            "statuses": [c for c in IdeaStatus.choices if c[0] != IdeaStatus.DRAFT],
            "domains": Domain.choices,
            "status": status,
            "domain": domain,
            "can_propose": access.is_partner(request.user),
            "on_desk": access.is_mayors_office(request.user)
            or access.has_role(request.user, Member.Role.EVALUATOR),
        },
    )


@login_required
def idea_mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "collaboration/ideas/mine.html",
        {"ideas": selectors.ideas_of(request.user), "can_propose": access.is_partner(request.user)},
    )


def idea_detail(request: HttpRequest, pk: int) -> HttpResponse:
    idea = selectors.idea_for_viewer(pk, request.user)
    if idea is None:
        raise Http404(_("There is no such project idea."))
    return render(
        request,
        "collaboration/ideas/detail.html",
        {
            "idea": idea,
            "is_author": idea.author_id == request.user.pk,
            "letter": getattr(idea, "letter", None),
            "can_read_letter": hasattr(idea, "letter")
            and selectors.letter_readable_by(idea.letter, request.user),
        },
    )


@require_POST
@login_required
@refusals_shown
def idea_create(request: HttpRequest) -> HttpResponse:
    idea = services.idea_draft_create(by=request.user)
    return redirect("collaboration:idea_edit", idea.pk)


def _own_idea(request: HttpRequest, pk: int):  # noqa: ANN202
    idea = selectors.idea_for_viewer(pk, request.user)
    if idea is None:
        raise Http404(_("There is no such project idea."))
    return idea


@login_required
@refusals_shown
def idea_edit(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _own_idea(request, pk)
    if idea.author_id != request.user.pk or idea.status not in services.EDITABLE:
        return redirect("collaboration:idea", idea.pk)
    return render(
        request, "collaboration/ideas/edit.html", {"idea": idea, "form": IdeaForm(instance=idea)}
    )


@require_POST
@login_required
@refusals_shown
def idea_draft_save(request: HttpRequest, pk: int) -> HttpResponse:
    """The autosave (htmx): keeps every valid field and says which ones were not kept."""
    idea = _own_idea(request, pk)
    form = IdeaForm(request.POST, instance=idea)
    form.is_valid()
    content = services.IdeaContent(**{**_kept(idea), **_typed(form)})
    errors = dict(form.errors)
    try:
        services.idea_draft_save(idea=idea, by=request.user, content=content)
    except ValidationError as error:
        # Nothing is saved this time; the last saved draft stays as it was.
        return render(
            request,
            "collaboration/ideas/_autosave.html",
            {"errors": {**errors, **error.message_dict}},
        )
    return render(
        request,
        "collaboration/ideas/_autosave.html",
        {"saved_at": timezone.localtime(), "errors": errors},
    )


def _kept(idea) -> dict:  # noqa: ANN001
    """The draft as stored, so that a field typed wrong keeps its last good value."""
    return {
        "title": idea.title,
        "domain": idea.domain,
        "problem": idea.problem,
        "solution": idea.solution,
        "cost_estimate": idea.cost_estimate,
        "timeline": idea.timeline,
        "partners": idea.partners,
        "annexes": idea.annexes,
        "need_ids": [n.pk for n in idea.needs.all()],
        "event_ids": [e.pk for e in idea.events.all()],
    }


def _typed(form: IdeaForm) -> dict:
    content = form.content() if not form.errors else None
    if content is not None:
        return vars(content)
    valid = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    typed = {
        k: (v or "") for k, v in valid.items() if k not in ("cost_estimate", "needs", "events")
    }
    if "cost_estimate" in valid:
        typed["cost_estimate"] = valid["cost_estimate"]
    if "needs" in valid:
        typed["need_ids"] = [n.pk for n in valid["needs"]]
    if "events" in valid:
        typed["event_ids"] = [e.pk for e in valid["events"]]
    return typed


@require_POST
@login_required
@refusals_shown
def idea_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Save what was typed, then submit; a field missing or wrong shows the form again."""
    idea = _own_idea(request, pk)
    form = IdeaForm(request.POST, instance=idea)
    if form.is_valid():
        services.idea_draft_save(idea=idea, by=request.user, content=form.content())
        try:
            services.idea_submit(idea=idea, by=request.user, language=get_language())
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(request, _("Your idea is submitted."))
            return redirect("collaboration:idea", idea.pk)
    return render(
        request, "collaboration/ideas/edit.html", {"idea": idea, "form": form}, status=400
    )
