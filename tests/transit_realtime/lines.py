"""Small synthetic lines for the realtime core's tests."""

from __future__ import annotations

import datetime

from smartcity.transit.realtime.geometry import Polyline
from smartcity.transit.realtime.plans import Fix, StopCall, TripPlan

# Monday 30 November 2026, 08:00 in Bălți (UTC+2).
MONDAY_8 = datetime.datetime(2026, 11, 30, 6, 0, tzinfo=datetime.UTC).timestamp()


def when(seconds: float) -> datetime.datetime:
    """A timestamp of the plans (like MONDAY_8) as an aware UTC datetime."""
    return datetime.datetime.fromtimestamp(seconds, datetime.UTC)


WEST, EAST = (47.760, 27.900), (47.760, 27.940)  # about 3 km along a parallel


def straight(points: int = 7) -> list[tuple[float, float]]:
    return [(WEST[0], WEST[1] + (EAST[1] - WEST[1]) * i / (points - 1)) for i in range(points)]


def trip_plan(
    trip_id: str = "T1",
    *,
    start: float = MONDAY_8,
    reverse: bool = False,
    route_id: str = "R1",
    segment_s: float = 60.0,
    dwell_s: float = 20.0,
    stops: int = 7,
) -> TripPlan:
    points = straight()
    if reverse:
        points = points[::-1]
    shape = Polyline(points)
    step = shape.length / (stops - 1)
    calls, clock = [], start
    for i in range(stops):
        arrival = clock
        departure = arrival + (dwell_s if 0 < i < stops - 1 else 0.0)
        prefix = "B" if reverse else "A"
        calls.append(StopCall(f"{prefix}{i}", i + 1, i * step, arrival, departure))
        clock = departure + segment_s
    return TripPlan(
        trip_id=trip_id,
        route_id=route_id,
        direction_id=1 if reverse else 0,
        shape=shape,
        calls=tuple(calls),
        start_date="20261130",
        start_time="08:00:00",
    )


def fix_at(trip: TripPlan, distance: float, when: float, vehicle: str = "V1", **kw) -> Fix:
    lat, lon = trip.shape.point_at(distance)
    return Fix(vehicle=vehicle, time=when, lat=lat, lon=lon, **kw)
