"""Vehicles driven along planned runs with a city's variation, for the demo and the
benchmarks: slower in the morning and evening peaks (more on some streets than others),
dwell times that depend on the hour, a driver's own pace and the day's, incidents that
hold a vehicle up for a minute or more, GPS noise, and now and then a detour that leaves
the shape for a few hundred metres.

`run_drive` is deterministic for a seed: the same seed gives the same fixes.
"""

from __future__ import annotations

import datetime
import hashlib
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass

from smartcity.transit.realtime.plans import Fix, TripPlan
from smartcity.transit.realtime.prediction import CITY_TZ

FIX_INTERVAL_S = 15.0
GPS_NOISE_M = 6.0
DETOUR_SHARE = 0.05
DETOUR_OFFSET_M = 180.0
INCIDENT_SHARE = 0.04
INCIDENT_MEAN_S = 90.0


def traffic_factor(when: float) -> float:
    """How much longer than the free-flow time a segment takes at `when` (local time)."""
    local = datetime.datetime.fromtimestamp(when, CITY_TZ)
    hour = local.hour + local.minute / 60
    weekend = local.weekday() >= 5
    peak = math.exp(-(((hour - 8.0) / 1.0) ** 2)) + 0.8 * math.exp(-(((hour - 17.5) / 1.3) ** 2))
    if weekend:
        peak *= 0.35
    night = 0.9 if hour < 6 or hour >= 22 else 1.0
    return night * (1.0 + 0.45 * peak)


def street_congestion(from_stop: str, to_stop: str) -> float:
    """How sensitive one street segment is to the peak (0.4–1.6), fixed per segment."""
    digest = hashlib.blake2b(f"{from_stop}>{to_stop}".encode(), digest_size=2).digest()
    return 0.4 + 1.2 * int.from_bytes(digest) / 0xFFFF


@dataclass(frozen=True)
class DriveSample:
    time: float
    distance: float  # true metres along the shape
    fix: Fix


def _segment_seconds(trip: TripPlan, i: int, when: float, pace: float, rng: random.Random) -> float:
    a, b = trip.calls[i], trip.calls[i + 1]
    planned = max(20.0, b.arrival - a.departure)
    free_flow = planned / 1.15  # timetables are written with some slack over free flow
    peak = (traffic_factor(when) - 1.0) * street_congestion(a.stop_id, b.stop_id)
    seconds = free_flow * (1.0 + peak) * pace * rng.lognormvariate(0.0, 0.12)
    if rng.random() < INCIDENT_SHARE:
        # A blocked lane, a delivery van, a long red light: nothing history can foresee.
        seconds += rng.expovariate(1 / INCIDENT_MEAN_S)
    return seconds


def _dwell_seconds(when: float, rng: random.Random) -> float:
    if rng.random() < 0.15:
        return 0.0  # nobody waiting, nobody getting off
    busy = traffic_factor(when)
    return (8.0 + rng.expovariate(1 / 14.0)) * busy


def run_timeline(
    trip: TripPlan, *, rng: random.Random, start_delay: float = 0.0
) -> list[tuple[float, float]]:
    """(time, metres along the shape) knots of a run: standing still at each stop for its
    dwell, moving evenly between stops."""
    # A driver's own pace, and the day's (weather, events) shared by every run of a day.
    day = random.Random(f"day:{trip.start_date}").uniform(0.94, 1.08)
    pace = rng.gauss(1.0, 0.05) * day
    clock = trip.calls[0].departure + start_delay
    knots = [(clock, trip.calls[0].distance)]
    for i in range(len(trip.calls) - 1):
        clock += _segment_seconds(trip, i, clock, pace, rng)
        knots.append((clock, trip.calls[i + 1].distance))
        if i + 1 < len(trip.calls) - 1:
            clock += _dwell_seconds(clock, rng)
            knots.append((clock, trip.calls[i + 1].distance))
    return knots


def run_visits(trip: TripPlan, *, vehicle: str, seed: int, start_delay: float = 0.0) -> list:
    """The stop visits of the run `run_drive` would drive with the same arguments."""
    from smartcity.transit.realtime.prediction import StopVisit

    knots = run_timeline(
        trip, rng=random.Random(f"{seed}:{vehicle}:{trip.run_id}"), start_delay=start_delay
    )
    visits = [StopVisit(0, knots[0][0], knots[0][0])]
    for i in range(1, len(trip.calls) - 1):
        visits.append(StopVisit(i, knots[2 * i - 1][0], knots[2 * i][0]))
    visits.append(StopVisit(len(trip.calls) - 1, knots[-1][0], knots[-1][0]))
    return visits


def run_drive(
    trip: TripPlan,
    *,
    vehicle: str,
    seed: int,
    start_delay: float = 0.0,
    detour: bool | None = None,
    interval: float = FIX_INTERVAL_S,
) -> Iterator[DriveSample]:
    """Fixes of one vehicle running `trip`, every `interval` seconds, oldest first."""
    rng = random.Random(f"{seed}:{vehicle}:{trip.run_id}")
    knots = run_timeline(trip, rng=rng, start_delay=start_delay)
    if detour is None:
        detour = rng.random() < DETOUR_SHARE
    detour_from = rng.uniform(0.3, 0.6) * trip.shape.length if detour else math.inf
    detour_to = detour_from + 400.0
    times = [
        knots[0][0] + interval * n for n in range(int((knots[-1][0] - knots[0][0]) // interval) + 1)
    ]
    if times[-1] < knots[-1][0]:
        times.append(knots[-1][0])  # the arrival at the terminus
    k = 0
    for when in times:
        while k < len(knots) - 2 and knots[k + 1][0] < when:
            k += 1
        (t1, d1), (t2, d2) = knots[k], knots[k + 1]
        distance = d1 + (d2 - d1) * ((when - t1) / (t2 - t1) if t2 > t1 else 1.0)
        lat, lon = trip.shape.point_at(distance)
        bearing = trip.shape.bearing_at(distance)
        if detour_from <= distance <= detour_to:
            # A parallel street: shifted to the right of the direction of travel.
            shift = DETOUR_OFFSET_M / 111_195
            lat += shift * math.cos(math.radians(bearing + 90))
            lon += shift * math.sin(math.radians(bearing + 90)) / math.cos(math.radians(lat))
        noise = GPS_NOISE_M / 111_195
        lat += rng.gauss(0, noise)
        lon += rng.gauss(0, noise) / math.cos(math.radians(lat))
        speed = (d2 - d1) / (t2 - t1) if t2 > t1 else 0.0
        yield DriveSample(
            when, distance, Fix(vehicle, round(when), lat, lon, speed=speed, bearing=bearing)
        )
