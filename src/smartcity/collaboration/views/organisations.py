"""The directory of organisations: list, map and one organisation's page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from smartcity.collaboration import access, selectors, services
from smartcity.collaboration.forms import OrganisationForm
from smartcity.collaboration.models import Organisation
from smartcity.collaboration.views.access import forbidden, validation_errors_to_form


def _filters(request: HttpRequest) -> tuple[str, str]:
    kind = request.GET.get("kind", "")
    kind = kind if kind in Organisation.Kind.values else ""
    return kind, request.GET.get("q", "")[:100]


def organisation_list(request: HttpRequest) -> HttpResponse:
    kind, text = _filters(request)
    return render(
        request,
        "collaboration/organisations/list.html",
        {
            "organisations": selectors.organisations(kind=kind, text=text)[:500],
            "kinds": Organisation.Kind.choices,
            "kind": kind,
            "q": text,
            "query": urlencode({"kind": kind, "q": text}),
            "can_edit": access.may_edit_directory(request.user),
        },
    )


def organisation_map(request: HttpRequest) -> JsonResponse:
    kind, text = _filters(request)
    return JsonResponse(
        selectors.organisations_geojson(selectors.organisations(kind=kind, text=text))
    )


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.organisation_by_id(pk)
    if organisation is None:
        raise Http404(_("There is no such organisation."))
    return render(
        request,
        "collaboration/organisations/detail.html",
        {"organisation": organisation, "can_edit": access.may_edit_directory(request.user)},
    )


def _organisation_form(request: HttpRequest, organisation: Organisation | None) -> HttpResponse:
    if not access.may_edit_directory(request.user):
        return forbidden(
            request, _("Only the Mayor's office, city staff and partners keep the directory.")
        )
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.organisation_save(
                by=request.user,
                organisation=organisation,
                values=form.values(),
                project_ids=[p.pk for p in form.cleaned_data["projects"]],
                event_ids=[e.pk for e in form.cleaned_data["events"]],
            )
        except ValidationError as error:
            validation_errors_to_form(form, error)
        else:
            messages.success(request, _("The organisation is saved."))
            return redirect("collaboration:organisation", saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "collaboration/organisations/form.html",
        {"form": form, "organisation": organisation},
        status=status,
    )


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    return _organisation_form(request, None)


@login_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise Http404(_("There is no such organisation."))
    return _organisation_form(request, organisation)


def organisation_network(request: HttpRequest) -> HttpResponse:
    links, pairs = selectors.organisation_links()
    return render(
        request,
        "collaboration/organisations/network.html",
        {"links": links, "pairs": pairs, "collaborations": selectors.collaborations()},
    )
