"""Following a vehicle along its trip: progress, delay, off-route and staleness.

Progress only moves forward: each fix is projected onto the part of the shape the
vehicle could have reached since its last fix, and a projection behind the current
progress (GPS jitter at a stop) leaves it where it was.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from smartcity.transit.realtime.plans import Fix, TripPlan
from smartcity.transit.realtime.screening import MAX_SPEED_MPS

OFF_ROUTE_M = 60.0  # further than this from the shape is off it
OFF_ROUTE_FIXES = 3  # ... for this many fixes in a row: a detour, not a glitch
STALE_AFTER_S = 300.0  # no fix for this long: the vehicle is not in the live feeds
BACKTRACK_M = 30.0
LOOKAHEAD_M = 150.0


@dataclass(frozen=True)
class Progress:
    trip: TripPlan
    distance: float  # metres along the shape
    offset: float  # metres from the shape at the last fix
    time: float  # the last fix's time
    delay: float  # seconds behind the schedule (negative: ahead)
    off_route_fixes: int = 0
    finished: bool = False

    @property
    def off_route(self) -> bool:
        return self.off_route_fixes >= OFF_ROUTE_FIXES

    def is_stale(self, now: float, stale_after: float = STALE_AFTER_S) -> bool:
        return now - self.time > stale_after

    def next_call_index(self, radius: float = 20.0) -> int:
        """The index of the first stop not yet reached (len(calls) when finished)."""
        for i, call in enumerate(self.trip.calls):
            if call.distance > self.distance + radius:
                return i
        return len(self.trip.calls)


def progress_start(trip: TripPlan, fix: Fix, distance: float, offset: float) -> Progress:
    return Progress(
        trip=trip,
        distance=distance,
        offset=offset,
        time=fix.time,
        delay=fix.time - trip.scheduled_time_at(distance),
    )


def progress_update(progress: Progress, fix: Fix) -> Progress:
    """The progress after an accepted fix (later than the last one, see `screening`)."""
    elapsed = max(0.0, fix.time - progress.time)
    shape = progress.trip.shape
    window_end = progress.distance + MAX_SPEED_MPS * elapsed + LOOKAHEAD_M
    projection = shape.project(
        fix.lat, fix.lon, start=max(0.0, progress.distance - BACKTRACK_M), end=window_end
    )
    if projection.offset > OFF_ROUTE_M:
        # Off the shape the projection means nothing: keep the progress, count the fix.
        return replace(
            progress,
            offset=projection.offset,
            time=fix.time,
            off_route_fixes=progress.off_route_fixes + 1,
        )
    distance = max(progress.distance, projection.distance_along)
    trip = progress.trip
    return replace(
        progress,
        distance=distance,
        offset=projection.offset,
        time=fix.time,
        delay=fix.time - trip.scheduled_time_at(distance),
        off_route_fixes=0,
        finished=distance >= trip.calls[-1].distance - 20.0,
    )
