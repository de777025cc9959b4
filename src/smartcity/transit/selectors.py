"""Reads of the transit app: lines, stops, timetables and scheduled departures.

Scheduled departures expand frequency-based trips (frequencies.txt) into departures for
a service date, in the agency's time zone (Europe/Chisinau): a trip template's times
are offsets from its first departure, repeated every headway from start (inclusive)
to end (exclusive). The realtime side reuses `departures_for_date` and
`stop_departures_next`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Max, Min, Q, QuerySet

from smartcity.transit.gtfs.times import service_day_origin
from smartcity.transit.models import (
    Agency,
    CalendarDate,
    FeedInfo,
    LocationType,
    Route,
    RouteType,
    Service,
    ServiceAlert,
    ShapePoint,
    Stop,
    StopTime,
    Trip,
)

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def feed_info() -> FeedInfo | None:
    return FeedInfo.objects.first()


def feed_timezone() -> str:
    agency = Agency.objects.order_by("pk").first()
    return agency.timezone if agency else "Europe/Chisinau"


def routes() -> QuerySet[Route]:
    return Route.objects.select_related("agency").order_by("sort_order", "route_type", "short_name")


def services_on(service_date: dt.date) -> set[int]:
    """Ids of the services running on `service_date` (calendar, then its exceptions)."""
    weekday = DAYS[service_date.weekday()]
    running = set(
        Service.objects.filter(
            start_date__lte=service_date, end_date__gte=service_date, **{weekday: True}
        ).values_list("pk", flat=True)
    )
    exceptions = CalendarDate.objects.filter(date=service_date)
    for service_id, kind in exceptions.values_list("service_id", "exception_type"):
        if kind == CalendarDate.ExceptionType.ADDED:
            running.add(service_id)
        else:
            running.discard(service_id)
    return running


@dataclass(frozen=True)
class Departure:
    """A scheduled departure of a trip from a stop on a service date.

    `seconds` is the GTFS service time (may pass 24:00); `at` the instant (UTC).
    `headway` is set for frequency-based trips without exact times: then the time is
    only indicative and riders are told the interval.
    """

    trip: Trip
    stop_time: StopTime
    service_date: dt.date
    seconds: int
    at: dt.datetime
    headway: int | None

    @property
    def route(self) -> Route:
        return self.trip.route


def _trip_bounds(trip_ids: set[int]) -> dict[int, tuple[int, int]]:
    """trip id → (first departure seconds, last stop sequence)."""
    rows = (
        StopTime.objects.filter(trip_id__in=trip_ids)
        .values("trip_id")
        .annotate(
            first=Min("departure_time"),
            first_arrival=Min("arrival_time"),
            last=Max("stop_sequence"),
        )
    )
    return {
        row["trip_id"]: (
            row["first"] if row["first"] is not None else row["first_arrival"] or 0,
            row["last"],
        )
        for row in rows
    }


def departures_for_date(
    service_date: dt.date,
    *,
    stop: Stop | None = None,
    route: Route | None = None,
    from_seconds: int = 0,
    until_seconds: int = 48 * 3600,
) -> list[Departure]:
    """Every scheduled departure on `service_date` between the two service times, at
    `stop` and/or on `route`, in time order. A trip's last stop is not a departure."""
    calls = StopTime.objects.filter(trip__service_id__in=services_on(service_date))
    if stop is not None:
        calls = calls.filter(Q(stop=stop) | Q(stop__parent_station=stop))
    if route is not None:
        calls = calls.filter(trip__route=route)
    calls = calls.exclude(pickup_type=1).select_related("trip__route", "stop")
    rows = list(calls.prefetch_related("trip__frequencies"))
    bounds = _trip_bounds({call.trip_id for call in rows})
    origin = service_day_origin(service_date, feed_timezone()).astimezone(dt.UTC)
    found: list[Departure] = []
    for call in rows:
        first, last_sequence = bounds[call.trip_id]
        when = call.departure_time if call.departure_time is not None else call.arrival_time
        if when is None or call.stop_sequence == last_sequence:
            continue
        for seconds, headway in _expand(call.trip, when - first, when):
            if from_seconds <= seconds < until_seconds:
                at = origin + dt.timedelta(seconds=seconds)
                found.append(Departure(call.trip, call, service_date, seconds, at, headway))
    found.sort(key=lambda departure: (departure.seconds, departure.route.short_name))
    return found


def _expand(trip: Trip, offset: int, scheduled: int) -> list[tuple[int, int | None]]:
    intervals = list(trip.frequencies.all())
    if not intervals:
        return [(scheduled, None)]
    times = []
    for interval in intervals:
        headway = None if interval.exact_times else interval.headway_secs
        for start in range(interval.start_time, interval.end_time, interval.headway_secs):
            times.append((start + offset, headway))
    return times


def stop_departures_next(
    stop: Stop, *, now: dt.datetime, limit: int = 12, horizon: dt.timedelta = dt.timedelta(hours=3)
) -> list[Departure]:
    """The next scheduled departures from `stop` after `now`, within `horizon`.

    Yesterday's service date is searched too: its trips past 24:00 run tonight.
    """
    timezone = feed_timezone()
    local = now.astimezone(dt.UTC)
    today = now.astimezone(ZoneInfo(timezone)).date()
    found: list[Departure] = []
    for service_date in (today - dt.timedelta(days=1), today):
        origin = service_day_origin(service_date, timezone).astimezone(dt.UTC)
        start = int((local - origin).total_seconds())
        end = int((local + horizon - origin).total_seconds())
        found += departures_for_date(
            service_date, stop=stop, from_seconds=max(start, 0), until_seconds=end
        )
    found.sort(key=lambda departure: departure.at)
    return found[:limit]


@dataclass(frozen=True)
class Period:
    """An interval service: from `start` to `end` (service seconds), every `headway`."""

    start: int
    end: int
    headway: int


@dataclass
class DirectionTimetable:
    direction_id: int | None
    headsign: str
    calls: list[tuple[Stop, int | None]]  # the longest trip's stops, minutes from its start
    periods: list[Period]
    departures: list[int]  # first-stop departures of trips without frequencies


def route_timetable(route: Route, service_date: dt.date) -> list[DirectionTimetable]:
    """The line's timetable on `service_date`, per direction: its stops with running
    minutes, the intervals by time of day, and the fixed departures from the first stop."""
    trips = (
        Trip.objects.filter(route=route, service_id__in=services_on(service_date))
        .prefetch_related("frequencies", "stop_times__stop")
        .order_by("direction_id", "gtfs_id")
    )
    by_direction: dict[int | None, list[Trip]] = defaultdict(list)
    for trip in trips:
        by_direction[trip.direction_id].append(trip)
    tables = []
    for direction_id, group in sorted(by_direction.items(), key=lambda item: item[0] or 0):
        longest = max(group, key=lambda trip: len(trip.stop_times.all()))
        calls = list(longest.stop_times.all())
        start = _first_time(calls)
        periods: list[Period] = []
        departures: list[int] = []
        for trip in group:
            intervals = list(trip.frequencies.all())
            periods += [Period(f.start_time, f.end_time, f.headway_secs) for f in intervals]
            if not intervals:
                departures.append(_first_time(list(trip.stop_times.all())))
        tables.append(
            DirectionTimetable(
                direction_id=direction_id,
                headsign=longest.headsign or (calls[-1].stop.name if calls else ""),
                calls=[(call.stop, _minutes(call, start)) for call in calls],
                periods=sorted(periods, key=lambda period: period.start),
                departures=sorted(departures),
            )
        )
    return tables


def _first_time(calls: list[StopTime]) -> int:
    for call in calls:
        for value in (call.departure_time, call.arrival_time):
            if value is not None:
                return value
    return 0


def _minutes(call: StopTime, start: int) -> int | None:
    """Minutes from the trip's start; None at an untimed stop (GTFS leaves it blank)."""
    value = call.arrival_time if call.arrival_time is not None else call.departure_time
    return None if value is None else round((value - start) / 60)


def route_shapes(route: Route) -> list[list[tuple[float, float]]]:
    """The line's distinct shapes as lists of (latitude, longitude)."""
    shape_ids = Trip.objects.filter(route=route, shape__isnull=False).values("shape_id").distinct()
    lines: dict[int, list[tuple[float, float]]] = defaultdict(list)
    points = ShapePoint.objects.filter(shape_id__in=shape_ids).order_by("shape_id", "sequence")
    for shape_id, latitude, longitude in points.values_list("shape_id", "latitude", "longitude"):
        lines[shape_id].append((latitude, longitude))
    return list(lines.values())


def route_stops(route: Route) -> QuerySet[Stop]:
    return Stop.objects.filter(stop_times__trip__route=route).distinct().order_by("name")


def stop_routes(stop: Stop) -> QuerySet[Route]:
    return (
        Route.objects.filter(
            Q(trips__stop_times__stop=stop) | Q(trips__stop_times__stop__parent_station=stop)
        )
        .distinct()
        .order_by("sort_order", "short_name")
    )


def alerts_in_force(
    at: dt.datetime, *, route: Route | None = None, stop: Stop | None = None
) -> QuerySet[ServiceAlert]:
    """Alerts in force at `at`, optionally only those naming the line or the stop."""
    alerts = ServiceAlert.objects.filter(
        Q(active_until__isnull=True) | Q(active_until__gt=at), active_from__lte=at
    )
    # The lines' stops and the stop's lines as subqueries: joined in, each alert was
    # multiplied by every call of every trip of its lines before DISTINCT folded it back.
    if route is not None:
        stops = StopTime.objects.filter(trip__route=route).values("stop_id")
        alerts = alerts.filter(Q(routes=route) | Q(stops__in=stops))
    if stop is not None:
        lines = Trip.objects.filter(stop_times__stop=stop).values("route_id")
        alerts = alerts.filter(Q(stops=stop) | Q(routes__in=lines))
    return (
        alerts.distinct().prefetch_related("routes", "stops").order_by("-severity", "-active_from")
    )


def alerts_recent(at: dt.datetime, *, days: int = 60) -> QuerySet[ServiceAlert]:
    """Alerts in force, coming, or ended in the last `days` days (the staff list)."""
    since = at - dt.timedelta(days=days)
    return (
        ServiceAlert.objects.filter(Q(active_until__isnull=True) | Q(active_until__gte=since))
        .prefetch_related("routes", "stops")
        .order_by("-active_from", "-id")
    )


def _stops_published() -> QuerySet[Stop]:
    return Stop.objects.filter(
        location_type__in=(LocationType.STOP, LocationType.STATION), latitude__isnull=False
    ).order_by("gtfs_id")


def stops_for_open_data(*, chunk_size: int = 2000) -> Iterator[dict]:
    """Every stop and station with its position, in stop_id order, read in chunks."""
    parents = dict(
        Stop.objects.filter(location_type=LocationType.STATION).values_list("pk", "gtfs_id")
    )
    for stop in _stops_published().iterator(chunk_size=chunk_size):
        yield {
            "stop_id": stop.gtfs_id,
            "code": stop.code,
            "name": stop.name,
            "latitude": stop.latitude,
            "longitude": stop.longitude,
            "station": parents.get(stop.parent_station_id or 0, ""),
            "wheelchair_boarding": stop.wheelchair_boarding,
        }


def stops_count() -> int:
    return _stops_published().count()


def routes_for_open_data() -> Iterator[dict]:
    """The lines of the feed, in the feed's order (a few dozen rows)."""
    for route in routes():
        yield {
            "route_id": route.gtfs_id,
            "line": route.short_name,
            "name": route.long_name,
            "type": route.route_type,
            "mode": str(RouteType(route.route_type).label),
            "color": route.color,
        }


def routes_count() -> int:
    return Route.objects.count()


def feed_imported_at() -> dt.datetime | None:
    info = feed_info()
    return info.imported_at if info else None
