"""Runs of the static timetable as the realtime core's `TripPlan`s.

A trip's stops are placed on its shape once per process (projected in order, so a
shape that passes a street twice keeps them in sequence); a trip without a shape gets
the polyline of its stops. GTFS times count from the service day's local midnight —
strictly "noon minus 12 h", which differs only on the two nights the clocks change.
"""

from __future__ import annotations

import datetime
import threading
from dataclasses import dataclass

from smartcity.transit.gtfs.times import service_day_origin, time_format
from smartcity.transit.models import Frequency, StopTime, Trip
from smartcity.transit.realtime.geometry import Polyline
from smartcity.transit.realtime.plans import StopCall, TripPlan
from smartcity.transit.realtime.prediction import CITY_TZ
from smartcity.transit.selectors import services_on

# How long before its first departure and after its last arrival a run is a candidate.
RUN_MARGIN_S = 30 * 60


@dataclass(frozen=True)
class TripTemplate:
    """A trip's geometry and its timetable relative to the first departure."""

    trip_id: str
    trip_pk: int
    route_id: str
    direction_id: int
    shape: Polyline
    stops: tuple[tuple[str, int, float, int, int], ...]  # stop_id, sequence, distance, arr, dep
    first_departure: int  # seconds after midnight of the timetable
    frequencies: tuple[tuple[int, int, int, bool], ...]  # start, end, headway, exact_times


_templates: dict[int, TripTemplate | None] = {}
_lock = threading.Lock()


def templates_forget() -> None:
    """Drop the cached trips (after a feed import, and between tests)."""
    with _lock:
        _templates.clear()


def _template_build(trip: Trip) -> TripTemplate | None:
    found = list(
        StopTime.objects.filter(trip=trip)
        .select_related("stop")
        .order_by("stop_sequence")
        .values_list(
            "stop__gtfs_id",
            "stop_sequence",
            "stop__latitude",
            "stop__longitude",
            "arrival_time",
            "departure_time",
        )
    )
    rows = [
        (stop_id, sequence, float(lat), float(lon), arrival, departure)
        for stop_id, sequence, lat, lon, arrival, departure in found
        if lat is not None and lon is not None
    ]
    if len(rows) < 2 or all(r[4] is None and r[5] is None for r in rows):
        return None
    points: list[tuple[float, float]] = []
    if trip.shape is not None:
        points = [
            (lat, lon)
            for lat, lon in trip.shape.points.order_by("sequence").values_list(
                "latitude", "longitude"
            )
        ]
    shape = Polyline(points if len(points) >= 2 else [(r[2], r[3]) for r in rows])
    distances, distance = [], 0.0
    for row in rows:
        distance = shape.project(row[2], row[3], start=distance).distance_along
        distances.append(distance)
    times = _times_interpolate(
        [(r[4] if r[4] is not None else r[5]) for r in rows],
        [(r[5] if r[5] is not None else r[4]) for r in rows],
        distances,
    )
    if times is None:
        return None
    stops = tuple(
        (row[0], row[1], distances[i], times[i][0], times[i][1]) for i, row in enumerate(rows)
    )
    frequencies = tuple(
        Frequency.objects.filter(trip=trip)
        .order_by("start_time")
        .values_list("start_time", "end_time", "headway_secs", "exact_times")
    )
    return TripTemplate(
        trip_id=trip.gtfs_id,
        trip_pk=trip.pk,
        route_id=trip.route.gtfs_id,
        direction_id=trip.direction_id or 0,
        shape=shape,
        stops=stops,
        first_departure=stops[0][4],
        frequencies=frequencies,
    )


def _times_interpolate(
    arrivals: list[int | None], departures: list[int | None], distances: list[float]
) -> list[tuple[int, int]] | None:
    """Times for untimed stops (GTFS lets a feed leave them out) by distance between the
    timed ones around them; None when the first or last stop has no time."""
    if arrivals[0] is None or arrivals[-1] is None:
        return None
    timed = [i for i, a in enumerate(arrivals) if a is not None]
    out: list[tuple[int, int]] = []
    for i, (arrival, departure) in enumerate(zip(arrivals, departures, strict=True)):
        if arrival is not None and departure is not None:
            out.append((arrival, departure))
            continue
        before = max(j for j in timed if j < i)
        after = min(j for j in timed if j > i)
        leave, reach = departures[before], arrivals[after]
        assert leave is not None and reach is not None
        span = distances[after] - distances[before]
        share = (distances[i] - distances[before]) / span if span > 0 else 0.0
        at = round(leave + (reach - leave) * share)
        out.append((at, at))
    return out


def trip_template(trip: Trip | int) -> TripTemplate | None:
    """The template of a trip (or of the trip with this primary key), built once."""
    pk = trip if isinstance(trip, int) else trip.pk
    with _lock:
        if pk in _templates:
            return _templates[pk]
    if isinstance(trip, int):
        trip = Trip.objects.select_related("route", "shape").get(pk=pk)
    template = _template_build(trip)
    with _lock:
        _templates[trip.pk] = template
    return template


def service_midnight(day: datetime.date) -> float:
    """When GTFS times of service day `day` count from, as the timetable reads them
    (noon minus 12 hours: an hour off local midnight on the nights clocks change)."""
    return service_day_origin(day, CITY_TZ.key).timestamp()


def run_plan(template: TripTemplate, day: datetime.date, start: int | None = None) -> TripPlan:
    """The run of `template` on service day `day` leaving its first stop at `start`
    (seconds after midnight; the timetable's own time when None)."""
    start = template.first_departure if start is None else start
    base = service_midnight(day) + start - template.first_departure
    calls = tuple(
        StopCall(stop_id, sequence, distance, base + arrival, base + departure)
        for stop_id, sequence, distance, arrival, departure in template.stops
    )
    return TripPlan(
        trip_id=template.trip_id,
        route_id=template.route_id,
        direction_id=template.direction_id,
        shape=template.shape,
        calls=calls,
        start_date=day.strftime("%Y%m%d"),
        start_time=time_format(start),
        frequency_based=bool(template.frequencies),
    )


def template_starts(template: TripTemplate) -> list[int]:
    """Every first-departure time of the trip in a day (one for a timetabled trip)."""
    if not template.frequencies:
        return [template.first_departure]
    starts = []
    for begin, end, headway, _exact in template.frequencies:
        starts += list(range(begin, end, max(headway, 1)))
    return starts


def runs_around(when: float, *, route_ids: set[str] | None = None) -> list[TripPlan]:
    """Every run of the timetable under way, or about to be, at `when`."""
    today = datetime.datetime.fromtimestamp(when, CITY_TZ).date()
    plans = []
    for day in (today - datetime.timedelta(days=1), today):
        services = services_on(day)
        if not services:
            continue
        trips = Trip.objects.filter(service_id__in=services).select_related("route", "shape")
        if route_ids:
            trips = trips.filter(route__gtfs_id__in=route_ids)
        midnight = service_midnight(day)
        for trip in trips.order_by("gtfs_id"):
            template = trip_template(trip)
            if template is None:
                continue
            duration = template.stops[-1][3] - template.first_departure
            for start in template_starts(template):
                first = midnight + start
                if first - RUN_MARGIN_S <= when <= first + duration + RUN_MARGIN_S:
                    plans.append(run_plan(template, day, start))
    return plans
