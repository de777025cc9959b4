"""The directory of organisations: list, map and one organisation's page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from smartcity.collaboration import selectors
from smartcity.collaboration.models import Organisation


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
        request, "collaboration/organisations/detail.html", {"organisation": organisation}
    )


def organisation_network(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "collaboration/organisations/network.html",
        {"links": selectors.organisation_links()[:500]},
    )
