"""Pages of waste collection: the public map of containers and the staff's lists."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from smartcity.city.access import departments_staff_required
from smartcity.waste import selectors

# Who plans collection: the sanitation enterprise, dispatchers and administrators.
DEPARTMENT = "salubrizare"


collection_staff_required = departments_staff_required(
    {DEPARTMENT},
    message=gettext_lazy("Collection lists are for the sanitation service and dispatchers."),
    template="waste/forbidden.html",
)


@require_GET
def container_map(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "waste/map.html",
        {
            "summaries": selectors.district_summaries(),
            "threshold_percent": round(selectors.DUE_THRESHOLD * 100),
        },
    )


@require_GET
def containers_geojson(request: HttpRequest) -> JsonResponse:
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [item.device.longitude, item.device.latitude],
            },
            "properties": {
                "ref": item.device.ref,
                "address": item.device.address,
                "district": item.device.district.name if item.device.district else "",
                "percent": item.percent,
                "band": item.band,
            },
        }
        for item in selectors.containers()
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


def _threshold(request: HttpRequest) -> float:
    """The fill level from the `prag` parameter (in percent, 10–150), or the default."""
    raw = request.GET.get("prag", "")
    if raw.isdigit() and 10 <= int(raw) <= 150:
        return int(raw) / 100
    return selectors.DUE_THRESHOLD


@require_GET
@collection_staff_required
def collection_districts(request: HttpRequest) -> HttpResponse:
    threshold = _threshold(request)
    return render(
        request,
        "waste/collection_districts.html",
        {
            "summaries": selectors.district_summaries(threshold=threshold),
            "threshold_percent": round(threshold * 100),
        },
    )


@require_GET
@collection_staff_required
def collection_list(request: HttpRequest, slug: str) -> HttpResponse:
    district = selectors.district_by_slug(slug)
    if district is None:
        raise Http404(_("No such district."))
    threshold = _threshold(request)
    now = timezone.now()
    plan = selectors.collection_list(district=district, now=now, threshold=threshold)
    return render(
        request,
        "waste/collection_list.html",
        {
            "plan": plan,
            "now": now,
            "threshold_percent": round(threshold * 100),
            "back": reverse("waste:collection_districts"),
        },
    )
