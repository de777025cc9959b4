"""Pages and feeds of the realtime side; the logic is in services, selectors and feeds."""

from __future__ import annotations

import datetime

import orjson
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from google.protobuf import json_format

from smartcity.city.selectors import staff_member_of
from smartcity.transit.models import Route
from smartcity.transit.realtime import feeds, selectors
from smartcity.transit.realtime.services import positions_ingest, vehicle_for_token

MAX_POSITIONS = 1000


def _feed(request: HttpRequest, build) -> HttpResponse:  # noqa: ANN001
    message = build(timezone.now())
    if request.GET.get("format") == "json":
        body = json_format.MessageToDict(message, preserving_proto_field_name=True)
        return JsonResponse(body)
    response = HttpResponse(message.SerializeToString(), content_type="application/x-protobuf")
    response["Cache-Control"] = "max-age=10"
    return response


@require_GET
def vehicle_positions_feed(request: HttpRequest) -> HttpResponse:
    return _feed(request, feeds.vehicle_positions_build)


@require_GET
def trip_updates_feed(request: HttpRequest) -> HttpResponse:
    return _feed(request, feeds.trip_updates_build)


@require_GET
def alerts_feed(request: HttpRequest) -> HttpResponse:
    return _feed(request, feeds.alerts_build)


def _error(code: str, detail: str, status: int) -> HttpResponse:
    return HttpResponse(
        orjson.dumps({"error": code, "detail": detail}),
        status=status,
        content_type="application/json",
    )


@csrf_exempt
def positions_post(request: HttpRequest) -> HttpResponse:
    """POST /ingest/v1/vehicle-positions with the vehicle's bearer token; the body is one
    position or {"positions": [...]}, each {"timestamp", "latitude", "longitude",
    "speed", "bearing", "route", "trip"}. The answer counts accepted and duplicate
    positions and lists each refused one with its reason."""
    if request.method != "POST":
        response = _error("method_not_allowed", _("Use POST."), 405)
        response["Allow"] = "POST"
        return response
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    vehicle = vehicle_for_token(token.strip()) if scheme.lower() == "bearer" else None
    if vehicle is None:
        response = _error("unauthorized", _("A valid vehicle bearer token is required."), 401)
        response["WWW-Authenticate"] = 'Bearer realm="ingest"'
        return response
    body = request.read(settings.SMARTCITY_INGEST_MAX_BYTES + 1)
    if len(body) > settings.SMARTCITY_INGEST_MAX_BYTES:
        return _error("too_large", _("The body is too large."), 413)
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError:
        return _error("malformed_json", _("The body is not JSON."), 400)
    if isinstance(payload, dict):
        payload = payload["positions"] if "positions" in payload else [payload]
    if not isinstance(payload, list) or len(payload) > MAX_POSITIONS:
        return _error("malformed", _("Send one position or a list of at most 1000."), 400)
    result = positions_ingest(payload, vehicle=vehicle)
    return JsonResponse(
        {
            "accepted": result.accepted,
            "duplicates": result.duplicates,
            "refused": [
                {"index": r.index, "reason": str(r.reason), "detail": r.detail}
                for r in result.refused
            ],
        }
    )


@require_GET
def live_map(request: HttpRequest) -> HttpResponse:
    routes = Route.objects.all()
    return render(request, "transit_realtime/live_map.html", {"routes": routes})


@require_GET
def live_vehicles(request: HttpRequest) -> JsonResponse:
    vehicles = selectors.live_vehicles(timezone.now())
    route = request.GET.get("route")
    if route:
        vehicles = [v for v in vehicles if v["route"] == route]
    return JsonResponse({"vehicles": vehicles})


@require_GET
def stop_board(request: HttpRequest, stop_id: str) -> HttpResponse:
    """The old address of a stop's board: the stop page is the board now."""
    return redirect("transit:stop", stop_id, permanent=True)


@login_required
@require_GET
def punctuality_report(request: HttpRequest) -> HttpResponse:
    if staff_member_of(request.user) is None:
        raise PermissionDenied(_("The punctuality report is for the city's staff."))
    try:
        days = min(max(int(request.GET.get("days", "7")), 1), 90)
    except ValueError:
        days = 7
    until = timezone.now()
    report = selectors.punctuality(until - datetime.timedelta(days=days), until)
    return render(
        request,
        "transit_realtime/punctuality.html",
        {
            "report": report,
            "days": days,
            "early": selectors.ON_TIME_EARLY_S // 60,
            "late": selectors.ON_TIME_LATE_S // 60,
        },
    )
