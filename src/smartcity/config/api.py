"""The platform's JSON API (django-ninja): one router per domain and audience.

Standards with their own wire formats (Open311, later NGSI-LD, GTFS-RT, DCAT) live
outside this API, at their own URLs.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from smartcity.devices.api import router as devices_router
from smartcity.opendata.api import router as opendata_router
from smartcity.service_requests.api import router as service_requests_router
from smartcity.strategy.api import router as strategy_router
from smartcity.transit.api import router as transit_router

api = NinjaAPI(
    title="Bălți Smart City API",
    version="1",
    description="Public data and services of the municipality of Bălți.",
    urls_namespace="api",
)
api.add_router("/service-requests/", service_requests_router)
api.add_router("/devices/", devices_router)
api.add_router("/opendata/", opendata_router)
api.add_router("/strategy/", strategy_router)
api.add_router("/transit/", transit_router)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
    details = [
        {"field": ".".join(str(p) for p in e.get("loc", [])[1:]), "message": e.get("msg", "")}
        for e in error.errors
    ]
    return api.create_response(request, {"detail": details}, status=422)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(error)}, status=error.status_code)
