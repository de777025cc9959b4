"""Arrival predictions from learned travel and dwell times.

Learning: a run's progress samples (time, metres along the shape) give, for each stop,
when the vehicle reached it and when it left (`stop_visits`); consecutive visits give a
segment's travel time and each visit its dwell. `TravelHistory` keeps them by segment,
day type (weekday, Saturday, Sunday) and time-of-day bucket, in local time.

Predicting: from the vehicle's last known position, the time to each later stop is the
sum of the learned travel and dwell times (their median), or the schedule's where
nothing was learned for that segment. The vehicle's current delay is carried by
starting from where it really is; its current pace — how much slower or faster than
expected it ran the segments of this run already done — scales the next segments, with
an effect that decays by `PACE_DECAY` per stop, since a hold-up ahead rarely lasts.
Medians and fixed iteration orders keep the answer the same for the same inputs.
"""

from __future__ import annotations

import datetime
import functools
import statistics
import zoneinfo
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from smartcity.transit.realtime.plans import TripPlan
from smartcity.transit.realtime.tracking import Progress

CITY_TZ = zoneinfo.ZoneInfo("Europe/Chisinau")
STOP_RADIUS_M = 20.0
PACE_DECAY = 0.8
PACE_LIMITS = (0.6, 1.8)
MIN_SAMPLES = 2

# Local hours where each bucket starts: night, early, morning peak, midday, afternoon,
# evening peak, evening.
BUCKET_STARTS = (0, 6, 7, 9, 12, 16, 19, 22)


@functools.lru_cache(maxsize=4096)
def _local_hour(utc_hour: int) -> tuple[int, int]:
    """(weekday, hour) in Bălți of the UTC hour `utc_hour` (hours since the epoch); the
    city's offsets are whole hours, so a UTC hour is one local hour."""
    local = datetime.datetime.fromtimestamp(utc_hour * 3600, CITY_TZ)
    return local.weekday(), local.hour


def day_type(when: float) -> str:
    weekday = _local_hour(int(when // 3600))[0]
    return "saturday" if weekday == 5 else "sunday" if weekday == 6 else "weekday"


_BUCKET_OF_HOUR = [max(i for i, start in enumerate(BUCKET_STARTS) if h >= start) for h in range(24)]


def time_bucket(when: float) -> int:
    return _BUCKET_OF_HOUR[_local_hour(int(when // 3600))[1]]


@dataclass(frozen=True)
class StopVisit:
    index: int  # of the call in the trip
    arrival: float
    departure: float


def _crossing(samples: Sequence[tuple[float, float]], distance: float) -> float | None:
    """When the (time, distance) samples first reach `distance`, interpolated; None
    when they start past it or never reach it (the moment was not observed)."""
    if not samples or samples[0][1] >= distance:
        return None
    for (t1, d1), (t2, d2) in zip(samples, samples[1:], strict=False):
        if d1 < distance <= d2:
            return t1 + (t2 - t1) * (distance - d1) / (d2 - d1)
    return None


def stop_visits(trip: TripPlan, samples: Sequence[tuple[float, float]]) -> list[StopVisit]:
    """The observed visits of `trip`'s stops in its progress samples (time, metres along
    the shape; increasing). Arriving is reaching `STOP_RADIUS_M` before the stop, leaving
    is passing `STOP_RADIUS_M` after it; the first stop has only a departure."""
    visits = []
    for index, call in enumerate(trip.calls):
        leave = _crossing(samples, call.distance + STOP_RADIUS_M)
        if index == 0:
            arrive = leave
        else:
            arrive = _crossing(samples, call.distance - STOP_RADIUS_M)
        if index == len(trip.calls) - 1 and arrive is not None:
            leave = arrive
        if arrive is not None and leave is not None:
            visits.append(StopVisit(index, arrive, leave))
    return visits


class TravelHistory:
    """Observed segment travel times and dwell times, by day type and time bucket."""

    def __init__(self) -> None:
        self.segments: dict[tuple[str, str, str, int], list[float]] = defaultdict(list)
        self.dwells: dict[tuple[str, str, int], list[float]] = defaultdict(list)
        self._medians: dict[tuple, float | None] = {}

    def __getstate__(self) -> dict:
        # Medians are keyed by the tables' ids, which mean nothing in another process.
        return {**self.__dict__, "_medians": {}}

    def _median(self, table: dict, key: tuple) -> float | None:
        if (id(table), key) not in self._medians:
            values = table.get(key) or []
            enough = len(values) >= MIN_SAMPLES
            self._medians[(id(table), key)] = statistics.median(values) if enough else None
        return self._medians[(id(table), key)]

    def learn(self, trip: TripPlan, visits: Sequence[StopVisit]) -> None:
        self.learn_stops([call.stop_id for call in trip.calls], visits)

    def learn_stops(self, stops: Sequence[str], visits: Sequence[StopVisit]) -> None:
        """Learn from `visits` of a run calling at `stops` (visit.index into `stops`)."""
        self._medians.clear()
        for visit in visits:
            if 0 < visit.index < len(stops) - 1:
                where = (stops[visit.index], day_type(visit.arrival), time_bucket(visit.arrival))
                self.dwells[where].append(visit.departure - visit.arrival)
        for before, after in zip(visits, visits[1:], strict=False):
            if after.index != before.index + 1:
                continue
            when = before.departure
            key = (stops[before.index], stops[after.index], day_type(when), time_bucket(when))
            self.segments[key].append(after.arrival - before.departure)

    def travel_time(self, from_stop: str, to_stop: str, when: float) -> float | None:
        key = (from_stop, to_stop, day_type(when), time_bucket(when))
        return self._median(self.segments, key)

    def dwell_time(self, stop_id: str, when: float) -> float | None:
        return self._median(self.dwells, (stop_id, day_type(when), time_bucket(when)))


@dataclass(frozen=True)
class StopPrediction:
    stop_id: str
    sequence: int
    arrival: float
    departure: float
    learned: bool  # from history (True) or from the schedule's running times (False)


def _segment_expected(trip: TripPlan, i: int, when: float, history: TravelHistory) -> tuple:
    a, b = trip.calls[i], trip.calls[i + 1]
    learned = history.travel_time(a.stop_id, b.stop_id, when)
    if learned is not None:
        return learned, True
    return max(0.0, b.arrival - a.departure), False


def _dwell_expected(trip: TripPlan, i: int, when: float, history: TravelHistory) -> float:
    call = trip.calls[i]
    learned = history.dwell_time(call.stop_id, when)
    return learned if learned is not None else max(0.0, call.departure - call.arrival)


def run_pace(trip: TripPlan, visits: Sequence[StopVisit], history: TravelHistory) -> float:
    """How much slower (>1) or faster (<1) than expected this run did its last segments."""
    observed = expected = 0.0
    recent = list(zip(visits, visits[1:], strict=False))[-3:]
    for before, after in recent:
        if after.index != before.index + 1:
            continue
        base, _ = _segment_expected(trip, before.index, before.departure, history)
        observed += after.arrival - before.departure
        expected += base
    if expected <= 0:
        return 1.0
    return min(max(observed / expected, PACE_LIMITS[0]), PACE_LIMITS[1])


def arrivals_predict(
    progress: Progress,
    history: TravelHistory,
    *,
    pace: float = 1.0,
    now: float | None = None,
) -> list[StopPrediction]:
    """Predicted arrival and departure at every stop the vehicle has not reached yet."""
    trip = progress.trip
    calls = trip.calls
    k = progress.next_call_index(STOP_RADIUS_M)
    if k >= len(calls):
        return []
    clock = progress.time
    if progress.distance <= calls[0].distance + STOP_RADIUS_M:
        # Still at (or before) the first stop: it leaves as scheduled, or now if late.
        clock = max(clock, calls[0].departure)
        k, remaining = 1, 1.0
    else:
        span = calls[k].distance - calls[k - 1].distance
        remaining = (calls[k].distance - progress.distance) / span if span > 0 else 0.0
        remaining = min(max(remaining, 0.0), 1.0)
    predictions = []
    for step, i in enumerate(range(k, len(calls))):
        factor = 1.0 + (pace - 1.0) * PACE_DECAY**step
        base, learned = _segment_expected(trip, i - 1, clock, history)
        clock += base * factor * (remaining if step == 0 else 1.0)
        arrival = clock if now is None else max(clock, now)
        dwell = _dwell_expected(trip, i, clock, history) if i < len(calls) - 1 else 0.0
        clock = arrival + dwell
        predictions.append(
            StopPrediction(calls[i].stop_id, calls[i].sequence, arrival, clock, learned)
        )
    return predictions


def schedule_predict(trip: TripPlan) -> list[StopPrediction]:
    """The schedule itself, for runs no vehicle is tracked on."""
    return [
        StopPrediction(c.stop_id, c.sequence, c.arrival, c.departure, False) for c in trip.calls
    ]
