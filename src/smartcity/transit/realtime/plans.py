"""The plain values the realtime core works on: trips as planned, and GPS fixes.

Times are POSIX seconds (UTC). A `TripPlan` is one run of a trip on one service day —
for a frequency-based trip, one departure of the interval — with the stops' scheduled
times and their distances along the shape, so the core never touches the database.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from smartcity.transit.realtime.geometry import Polyline


@dataclass(frozen=True)
class StopCall:
    stop_id: str
    sequence: int
    distance: float  # metres along the trip's shape
    arrival: float  # scheduled, POSIX seconds
    departure: float


@dataclass
class TripPlan:
    trip_id: str
    route_id: str
    direction_id: int
    shape: Polyline
    calls: tuple[StopCall, ...]
    start_date: str = ""  # the service day, YYYYMMDD as GTFS-Realtime wants it
    start_time: str = ""  # HH:MM:SS of the first departure (frequency-based runs)
    frequency_based: bool = False
    _distances: list[float] = field(init=False, repr=False)
    _times: list[float] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if len(self.calls) < 2:
            raise ValueError("a trip needs at least two stops")
        # The scheduled position is a piecewise-linear function of time: still at a stop
        # between its arrival and departure, moving evenly between stops.
        self._distances, self._times = [], []
        for call in self.calls:
            self._distances += [call.distance, call.distance]
            self._times += [call.arrival, call.departure]

    @property
    def run_id(self) -> str:
        """One run of the trip: frequency-based trips run many times a day."""
        return f"{self.trip_id}@{self.start_date}T{self.start_time}"

    @property
    def first_departure(self) -> float:
        return self.calls[0].departure

    @property
    def last_arrival(self) -> float:
        return self.calls[-1].arrival

    def scheduled_time_at(self, distance: float) -> float:
        """When the schedule has the vehicle `distance` metres along the shape."""
        d, t = self._distances, self._times
        if distance <= d[0]:
            return t[1]  # leaving the first stop
        if distance >= d[-1]:
            return t[-2]
        i = bisect.bisect_right(d, distance) - 1
        span = d[i + 1] - d[i]
        return t[i] + (t[i + 1] - t[i]) * ((distance - d[i]) / span if span else 0.0)

    def scheduled_distance_at(self, when: float) -> float:
        """Where the schedule has the vehicle at `when`."""
        d, t = self._distances, self._times
        if when <= t[0]:
            return d[0]
        if when >= t[-1]:
            return d[-1]
        i = bisect.bisect_right(t, when) - 1
        span = t[i + 1] - t[i]
        return d[i] + (d[i + 1] - d[i]) * ((when - t[i]) / span if span else 0.0)


@dataclass(frozen=True)
class Fix:
    """One GPS report of a vehicle."""

    vehicle: str
    time: float
    lat: float
    lon: float
    speed: float | None = None  # metres per second
    bearing: float | None = None  # degrees from north
    route_id: str | None = None
    trip_id: str | None = None
