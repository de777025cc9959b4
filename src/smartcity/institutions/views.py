"""Public pages: the map of institutions, an institution's page and its iCalendar, the
kindergarten places per district."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from smartcity.city.models import District
from smartcity.collaboration import selectors as events_selectors
from smartcity.config.site import absolute_url, site_host
from smartcity.institutions import access, selectors
from smartcity.institutions.models import Institution, Sector


def _filters(request: HttpRequest) -> dict[str, str]:
    kind = request.GET.get("kind", "")
    sector = request.GET.get("sector", "")
    return {
        "kind": kind if kind in Institution.Kind.values else "",
        "sector": sector if sector in Sector.values else "",
        "district": request.GET.get("district", "")[:60],
    }


@require_GET
def institution_map(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    now = timezone.now()
    rows = [
        {"institution": i, "open": selectors.open_state_of(i, now)}
        for i in selectors.institutions_listed(**filters)
    ]
    query = request.GET.urlencode()
    return render(
        request,
        "institutions/map.html",
        {
            "rows": rows,
            "filters": filters,
            "kinds": Institution.Kind.choices,
            "sectors": Sector.choices,
            "districts": District.objects.order_by("name"),
            "geojson_url": reverse("institutions:map_geojson") + (f"?{query}" if query else ""),
            "any_illustrative": any(r["institution"].is_illustrative for r in rows),
        },
    )


@require_GET
def institution_map_geojson(request: HttpRequest) -> JsonResponse:
    now = timezone.now()
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [i.longitude, i.latitude]},
            "properties": {
                "id": i.pk,
                "name": i.name,
                "kind": i.kind,
                "kind_label": i.get_kind_display(),
                "sector": i.sector,
                "address": i.address,
                "open_now": selectors.open_state_of(i, now).is_open,
                "url": reverse("institutions:institution", args=[i.pk]),
            },
        }
        for i in selectors.institutions_listed(**_filters(request))
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


def _institution_or_404(pk: int) -> Institution:
    institution = selectors.institution_by_id(pk)
    if institution is None:
        raise Http404(_("There is no such institution."))
    return institution


@require_GET
def institution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    institution = _institution_or_404(pk)
    now = timezone.now()
    return render(
        request,
        "institutions/institution.html",
        {
            "institution": institution,
            "week": selectors.week_shown(institution, now),
            "open": selectors.open_state_of(institution, now),
            "events": selectors.institution_events_upcoming(institution, now=now),
            "can_edit": access.may_edit_institution(request.user, institution),
        },
    )


@require_GET
def institution_ics(request: HttpRequest, pk: int) -> HttpResponse:
    institution = _institution_or_404(pk)
    content = events_selectors.events_calendar(
        selectors.institution_events_in_feed(institution),
        name=_("Bălți: events of %(name)s") % {"name": institution.name},
        url_of=lambda e: absolute_url(reverse("collaboration:event", args=[e.pk])),
        host=site_host(),
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="institution-{institution.pk}.ics"'
    return response


@require_GET
def kindergarten_places(request: HttpRequest) -> HttpResponse:
    periods = selectors.places_periods()
    period = request.GET.get("period", "")
    table = selectors.places_table(period=period if period in periods else "")
    return render(
        request,
        "institutions/places.html",
        {"table": table, "periods": periods, "can_edit": access.may_edit_places(request.user)},
    )
