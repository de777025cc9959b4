"""The learned travel and dwell times, read from the recorded stop arrivals.

Rebuilt once every `REFRESH_S` for all processes: the history of four weeks changes little
from one minute to the next, and every prediction needs it. Building it reads every stop
arrival of those weeks (seconds on the demo's week); a process that rebuilt its own, as
each gunicorn worker once did on its first board and every ten minutes, kept a rider
waiting that long.
"""

from __future__ import annotations

import datetime
import threading
from collections import defaultdict

from smartcity.transit.realtime.models import StopArrival, VehicleRun
from smartcity.transit.realtime.plans import TripPlan
from smartcity.transit.realtime.prediction import StopVisit, TravelHistory, run_pace
from smartcity.transit.realtime.sharing import slot_shared

HISTORY_DAYS = 28
REFRESH_S = 600

_cache: dict[str, tuple[int, TravelHistory]] = {}
_lock = threading.Lock()


def history_forget() -> None:
    with _lock:
        _cache.clear()


def _visits(rows) -> list[tuple[list[str], list[StopVisit]]]:  # noqa: ANN001
    runs: dict[tuple, list] = defaultdict(list)
    for row in rows:
        runs[(row[0], row[1], row[2])].append(row[3:])
    out = []
    for key in sorted(runs):
        items = sorted(runs[key])
        stops = [stop for _seq, stop, _a, _d in items]
        visits = [
            StopVisit(i, arrived.timestamp(), (departed or arrived).timestamp())
            for i, (_seq, _stop, arrived, departed) in enumerate(items)
        ]
        # Only consecutive sequences make segments: mark gaps by breaking the index run.
        seqs = [seq for seq, *_ in items]
        for i in range(1, len(seqs)):
            if seqs[i] != seqs[i - 1] + 1:
                visits[i:] = [StopVisit(v.index + 1, v.arrival, v.departure) for v in visits[i:]]
                stops[i:i] = ["?"]
        out.append((stops, visits))
    return out


def history_build(until: datetime.datetime) -> TravelHistory:
    rows = (
        StopArrival.objects.filter(
            arrived_at__gte=until - datetime.timedelta(days=HISTORY_DAYS), arrived_at__lt=until
        )
        .order_by("trip_ref", "start_date", "start_time", "stop_sequence")
        .values_list(
            "trip_ref",
            "start_date",
            "start_time",
            "stop_sequence",
            "stop_ref",
            "arrived_at",
            "departed_at",
        )
    )
    history = TravelHistory()
    for stops, visits in _visits(rows):
        history.learn_stops(stops, visits)
    return history


def travel_history(now: datetime.datetime) -> TravelHistory:
    """The history learned as of this `REFRESH_S` slot: built by one process for all of
    them (see `sharing`; some 2 MB pickled), and kept in each process for the slot."""
    slot = int(now.timestamp() // REFRESH_S)
    with _lock:
        cached = _cache.get("history")
        if cached and cached[0] == slot:
            return cached[1]
    history = slot_shared("transit:history", slot, lambda: history_build(now), keep=2 * REFRESH_S)
    with _lock:
        _cache["history"] = (slot, history)
    return history


def run_visits_of(keys: set[tuple[str, datetime.date, int]]) -> dict[tuple, list[tuple]]:
    """The recorded (sequence, arrived, departed) of each run (GTFS trip_id, service day,
    start in seconds), in one query."""
    out: dict[tuple, list[tuple]] = defaultdict(list)
    if not keys:
        return out
    rows = StopArrival.objects.filter(
        trip_ref__in={k[0] for k in keys}, start_date__in={k[1] for k in keys}
    ).values_list(
        "trip_ref", "start_date", "start_time", "stop_sequence", "arrived_at", "departed_at"
    )
    for trip_ref, day, start, seq, arrived, departed in rows:
        if (trip_ref, day, start) in keys:
            out[(trip_ref, day, start)].append((seq, arrived, departed))
    return out


def run_key(plan: TripPlan, run: VehicleRun) -> tuple[str, datetime.date, int]:
    assert run.start_date is not None and run.start_time is not None
    return (plan.trip_id, run.start_date, run.start_time)


def run_pace_of(
    run: VehicleRun, plan: TripPlan, history: TravelHistory, recorded: list[tuple] | None = None
) -> float:
    if recorded is None:
        key = run_key(plan, run)
        recorded = run_visits_of({key}).get(key, [])
    index = {call.sequence: i for i, call in enumerate(plan.calls)}
    visits = sorted(
        (
            StopVisit(index[seq], a.timestamp(), (d or a).timestamp())
            for seq, a, d in recorded
            if seq in index
        ),
        key=lambda visit: visit.index,
    )
    return run_pace(plan, visits, history)
