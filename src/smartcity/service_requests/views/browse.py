"""All reports in the city: the list with filters, and the same as GeoJSON for the map."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from smartcity.city.models import District
from smartcity.service_requests import selectors
from smartcity.service_requests.models import ServiceCategory

MAP_LIMIT = 2000


def _filters(request: HttpRequest) -> dict:
    category = district = None
    if request.GET.get("category"):
        category = ServiceCategory.objects.filter(code=request.GET["category"][:60]).first()
    if request.GET.get("district"):
        district = District.objects.filter(slug=request.GET["district"][:60]).first()
    status = request.GET.get("status", "open")
    return {
        "category": category,
        "district": district,
        "status": status if status in ("open", "closed", "all") else "open",
    }


def request_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    requests = selectors.public_requests(**filters)
    page = Paginator(requests, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "service_requests/list.html",
        {
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "categories": ServiceCategory.objects.filter(is_active=True),
            "districts": District.objects.all(),
        },
    )


def request_map(request: HttpRequest) -> JsonResponse:
    requests = (
        selectors.public_requests(**_filters(request))
        .located()
        .values("tracking_code", "latitude", "longitude", "status", "category__code")[:MAP_LIMIT]
    )
    names = {c.code: c.name for c in ServiceCategory.objects.all()}
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [r["longitude"], r["latitude"]]},
            "properties": {
                "code": r["tracking_code"],
                "status": r["status"],
                "category": names.get(r["category__code"], ""),
                "url": reverse("service_requests:detail", args=[r["tracking_code"]]),
            },
        }
        for r in requests
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})
