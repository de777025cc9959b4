"""The city side's desk: the Mayor's office registers letters, evaluators evaluate."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from smartcity.collaboration import access, selectors
from smartcity.collaboration.forms import ReceiptForm
from smartcity.collaboration.views.access import forbidden


def _city_desk(request: HttpRequest) -> HttpResponse | None:
    if not access.is_mayors_office(request.user):
        return forbidden(
            request, _("This desk is for the Mayor's office and the city's evaluators.")
        )
    return None


@login_required
def office_home(request: HttpRequest) -> HttpResponse:
    refused = _city_desk(request)
    if refused:
        return refused
    return render(
        request,
        "collaboration/office/home.html",
        {"letters": selectors.letters_for_office()[:200]},
    )


@login_required
def office_idea(request: HttpRequest, pk: int) -> HttpResponse:
    refused = _city_desk(request)
    if refused:
        return refused
    idea = selectors.idea_for_viewer(pk, request.user)
    if idea is None:
        raise Http404(_("There is no such project idea."))
    letter = getattr(idea, "letter", None)
    return render(
        request,
        "collaboration/office/idea.html",
        {"idea": idea, "letter": letter, "receipt_form": ReceiptForm()},
    )
