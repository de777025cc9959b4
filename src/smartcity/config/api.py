"""The platform's JSON API (django-ninja): one router per domain and audience.

Standards with their own wire formats (Open311, later NGSI-LD, GTFS-RT, DCAT) live
outside this API, at their own URLs.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
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


# Where ninja says a refused value came from; all but a body are in the request's URL
# or headers, which the client malformed: 400 (RFC 9110), not 422.
BODY_PLACES = {"body", "form", "file"}


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """400 naming each refused parameter; 422 per field when only the body is refused."""
    fields = [
        {"field": ".".join(str(p) for p in e.get("loc", [])[1:]), "message": e.get("msg", "")}
        for e in error.errors
    ]
    places = {str(e.get("loc", ["body"])[0]) for e in error.errors}
    if places <= BODY_PLACES:
        return api.create_response(request, {"detail": fields}, status=422)
    named = "; ".join(f"{f['field']}: {f['message']}" for f in fields)
    detail = _("These parameters are not valid: %(fields)s") % {"fields": named}
    return api.create_response(request, {"detail": detail, "fields": fields}, status=400)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(error)}, status=error.status_code)
