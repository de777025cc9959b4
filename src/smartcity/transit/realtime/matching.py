"""Which trip a vehicle is running when it does not say.

A candidate fits when every recent fix lies near its shape, the fixes advance along the
shape and their GPS headings follow it (which tells the two directions of a line apart on
the same street; a vehicle that shows no direction yet is matched only at a run's first
stop), and the
position is where the schedule has that run give or take `MAX_DELAY_S`. Among fitting
candidates the closest to its shape and to its schedule wins; ties go to the smaller
run id, so the same fixes always give the same answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from smartcity.transit.realtime.geometry import haversine_m
from smartcity.transit.realtime.plans import Fix, TripPlan
from smartcity.transit.realtime.tracking import BACKTRACK_M, OFF_ROUTE_M

MAX_DELAY_S = 20 * 60.0
MOVED_M = 60.0  # a vehicle that moved less than this shows no direction
MOVING_MPS = 2.0  # below this a GPS bearing is noise


def _turn(a: float, b: float) -> float:
    """The angle between two bearings, 0–180 degrees."""
    return abs((a - b + 180.0) % 360.0 - 180.0)


@dataclass(frozen=True)
class Match:
    trip: TripPlan
    score: float
    distance: float
    offset: float
    delay: float


def _fit(trip: TripPlan, fixes: Sequence[Fix], *, named: bool = False) -> Match | None:
    distances: list[float] = []
    offsets: list[float] = []
    for fix in fixes:
        start = max(0.0, distances[-1] - BACKTRACK_M) if distances else 0.0
        projection = trip.shape.project(fix.lat, fix.lon, start=start)
        if projection.offset > OFF_ROUTE_M:
            return None
        distances.append(projection.distance_along)
        offsets.append(projection.offset)
    first, last = fixes[0], fixes[-1]
    moved = haversine_m(first.lat, first.lon, last.lat, last.lon)
    progress = distances[-1] - distances[0]
    if moved >= MOVED_M and progress < 0.5 * moved:
        return None  # the other direction, or a loop run backwards
    headings = [
        _turn(fix.bearing, trip.shape.bearing_at(d))
        for fix, d in zip(fixes, distances, strict=True)
        if fix.bearing is not None and (fix.speed or 0.0) >= MOVING_MPS
    ]
    if headings and sorted(headings)[len(headings) // 2] > 90:
        return None  # heading the other way along this shape
    at_first_stop = distances[-1] <= trip.calls[0].distance + 50.0
    if not named and not headings and moved < MOVED_M and not at_first_stop:
        return None  # nothing tells which way it goes yet: wait for the next fixes
    delay = last.time - trip.scheduled_time_at(distances[-1])
    if abs(delay) > MAX_DELAY_S:
        return None
    mean_offset = sum(offsets) / len(offsets)
    score = mean_offset / 20.0 + abs(delay) / 300.0
    return Match(trip, score, distances[-1], offsets[-1], delay)


def trip_match(fixes: Sequence[Fix], candidates: Sequence[TripPlan]) -> Match | None:
    """The best-fitting run for a vehicle's recent fixes (oldest first), or None.

    A fix naming its trip or route narrows the candidates to it.
    """
    if not fixes:
        return None
    last = fixes[-1]
    if last.trip_id:
        candidates = [t for t in candidates if t.trip_id == last.trip_id]
    elif last.route_id:
        candidates = [t for t in candidates if t.route_id == last.route_id]
    best: Match | None = None
    for trip in candidates:
        fit = _fit(trip, fixes, named=bool(last.trip_id))
        if fit is None:
            continue
        if best is None or (fit.score, trip.run_id) < (best.score, best.trip.run_id):
            best = fit
    return best
