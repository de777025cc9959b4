"""The enterprise's survey behind its personal link: answers saved as it goes (htmx,
per question), and the submission."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.skills import services
from smartcity.skills.models import Invitation
from smartcity.skills.questionnaire import as_typed, raw_from_post, structure_of
from smartcity.skills.selectors import invitation_by_token
from smartcity.skills.views.context import item_views


def _invalid_link(request: HttpRequest) -> HttpResponse:
    return render(request, "skills/link_invalid.html", status=404)


def _closed(request: HttpRequest, invitation: Invitation, reason: str) -> HttpResponse:
    return render(
        request, "skills/closed.html", {"invitation": invitation, "reason": reason}, status=410
    )


def _response(invitation: Invitation):  # noqa: ANN202
    return getattr(invitation, "response", None) if hasattr(invitation, "response") else None


def _form(
    request: HttpRequest,
    invitation: Invitation,
    *,
    values: dict,
    errors: dict,
    status: int = 200,
    notice: str = "",
) -> HttpResponse:
    structure = structure_of(invitation.round.survey)
    return render(
        request,
        "skills/respond.html",
        {
            "invitation": invitation,
            "survey": structure.survey,
            "sections": item_views(structure, values, errors),
            "errors": errors,
            "notice": notice,
            "preview": False,
        },
        status=status,
    )


def respond(request: HttpRequest, token: str) -> HttpResponse:
    """GET: the survey with the answers saved so far. POST: save all (`action=save`) or
    submit; an answer that does not fit is shown again with its error, the others kept."""
    invitation = invitation_by_token(token)
    if invitation is None:
        return _invalid_link(request)
    response = _response(invitation)
    if response is not None and response.submitted_at is not None:
        return render(
            request, "skills/thanks.html", {"invitation": invitation, "response": response}
        )
    if not invitation.round.is_open():
        return _closed(
            request,
            invitation,
            "closed" if timezone.now() >= invitation.round.closes_at else "not_open",
        )
    if request.method != "POST":
        return _form(request, invitation, values=services.response_answers(response), errors={})
    structure = structure_of(invitation.round.survey)
    raw = {item.code: raw_from_post(item, request.POST) for item in structure.items()}
    try:
        if request.POST.get("action") == "save":
            saved = services.answers_save(invitation=invitation, raw=raw, structure=structure)
        else:
            saved = services.response_submit(invitation=invitation, raw=raw)
    except PermissionDenied as refusal:
        invitation = invitation_by_token(token) or invitation  # read again: it changed
        response = _response(invitation)
        if response is not None and response.submitted_at is not None:
            return render(
                request,
                "skills/thanks.html",
                {"invitation": invitation, "response": response, "already": str(refusal)},
                status=409,
            )
        return _closed(request, invitation, str(refusal))
    if saved.errors:
        # What did not fit is shown as typed, so the respondent corrects rather than retypes.
        items = structure.by_code()
        typed = {code: as_typed(items[code], raw[code]) for code in saved.errors if code in raw}
        values = {**saved.answers, **typed}
        return _form(request, invitation, values=values, errors=saved.errors, status=422)
    if request.POST.get("action") == "save":
        return _form(
            request,
            invitation,
            values=saved.answers,
            errors={},
            notice=_("Your answers are saved."),
        )
    invitation = invitation_by_token(token) or invitation  # with its submitted response
    return render(
        request, "skills/thanks.html", {"invitation": invitation, "response": _response(invitation)}
    )


@require_POST
def answer_save(request: HttpRequest, token: str) -> HttpResponse:
    """The autosave of one question (htmx): a short status, or why it was not kept."""
    invitation = invitation_by_token(token)
    if invitation is None:
        return render(request, "skills/_saved.html", {"refusal": _("This link is not valid.")})
    structure = structure_of(invitation.round.survey)
    item = structure.by_code().get(request.POST.get("question", ""))
    if item is None:
        return render(
            request, "skills/_saved.html", {"refusal": _("This question is not in the survey.")}
        )
    try:
        saved = services.answers_save(
            invitation=invitation,
            raw={item.code: raw_from_post(item, request.POST)},
            structure=structure,
        )
    except PermissionDenied as refusal:
        return render(request, "skills/_saved.html", {"refusal": str(refusal)})
    return render(
        request,
        "skills/_saved.html",
        {
            "errors": saved.errors.get(item.code, []),
            "saved_at": timezone.localtime(),
            "code": item.code,
        },
    )
