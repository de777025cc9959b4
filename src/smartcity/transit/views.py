"""Public transport pages: lines, line timetables and maps, stop departures, the feed."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import condition, require_GET

from smartcity.transit import selectors
from smartcity.transit.gtfs.export import feed_export
from smartcity.transit.models import Route, RouteType, Stop
from smartcity.transit.realtime import selectors as realtime_selectors
from smartcity.web.page_reuse import page_reused


def _common() -> dict[str, object]:
    return {"feed": selectors.feed_info()}


@require_GET
def line_list(request: HttpRequest) -> HttpResponse:
    groups: dict[str, list[Route]] = {}
    for route in selectors.routes():
        groups.setdefault(str(RouteType(route.route_type).label), []).append(route)
    now = timezone.now()
    context = {"groups": groups, "alerts": selectors.alerts_in_force(now), **_common()}
    return render(request, "transit/line_list.html", context)


def _day_types(today: dt.date) -> list[tuple[str, dt.date]]:
    """The next working day and the next Saturday from `today` (today included)."""
    days = [today + dt.timedelta(days=n) for n in range(7)]
    weekday = next(day for day in days if day.weekday() < 5)
    weekend = next(day for day in days if day.weekday() >= 5)
    return [("weekday", weekday), ("weekend", weekend)]


@require_GET
def line_detail(request: HttpRequest, gtfs_id: str) -> HttpResponse:
    route: Route = get_object_or_404(Route.objects.select_related("agency"), gtfs_id=gtfs_id)
    today = timezone.localdate()
    timetables = [
        (kind, day, selectors.route_timetable(route, day)) for kind, day in _day_types(today)
    ]
    stops = selectors.route_stops(route)
    map_data = {
        "color": f"#{route.color}" if route.color else "#1f5fa8",
        "shapes": selectors.route_shapes(route),
        "stops": [
            {"name": stop.name, "lat": stop.latitude, "lon": stop.longitude, "id": stop.gtfs_id}
            for stop in stops
            if stop.latitude is not None
        ],
    }
    context = {
        "route": route,
        "timetables": timetables,
        "map_data": map_data,
        "alerts": selectors.alerts_in_force(timezone.now(), route=route),
        **_common(),
    }
    return render(request, "transit/line_detail.html", context)


@require_GET
def stop_detail(request: HttpRequest, gtfs_id: str) -> HttpResponse:
    """The stop's departure board; htmx polls it for the rows alone. Anonymous visitors
    share the page rendered for the refresh slot (the rows change no faster)."""
    stop = get_object_or_404(Stop, gtfs_id=gtfs_id)
    now = timezone.now()
    refresh = realtime_selectors.board_refresh(now)
    rows_only = bool(request.headers.get("HX-Request"))
    return page_reused(
        request,
        f"transit-stop:{stop.pk}:{refresh['slot']}:{'rows' if rows_only else 'page'}",
        lambda: _stop_render(request, stop, now, rows_only=rows_only),
        seconds=refresh["refresh_s"],
    )


def _stop_render(
    request: HttpRequest, stop: Stop, now: dt.datetime, *, rows_only: bool
) -> HttpResponse:
    rows = realtime_selectors.stop_board(stop, now)
    board = {"stop": stop, "rows": rows, "now": now, **realtime_selectors.board_refresh(now)}
    if rows_only:
        return render(request, "transit_realtime/board_rows.html", board)
    context = {
        **board,
        "routes": selectors.stop_routes(stop),
        "alerts": selectors.alerts_in_force(now, stop=stop),
        "map_data": {
            "color": "#1f5fa8",
            "shapes": [],
            "stops": [
                {"name": stop.name, "lat": stop.latitude, "lon": stop.longitude, "id": stop.gtfs_id}
            ]
            if stop.latitude is not None
            else [],
        },
        **_common(),
    }
    return render(request, "transit/stop_detail.html", context)


def _feed_imported_at(request: HttpRequest) -> dt.datetime | None:
    info = selectors.feed_info()
    return info.imported_at if info else None


@require_GET
@condition(last_modified_func=_feed_imported_at)
def gtfs_zip(request: HttpRequest) -> HttpResponse:
    """The current feed; journey planners polling with If-Modified-Since get a 304."""
    if selectors.feed_info() is None:
        raise Http404("no feed")
    response = HttpResponse(feed_export(), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="gtfs.zip"'
    return response
