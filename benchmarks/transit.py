"""Public transport benchmarks, run in a child process on one database (see harness.py).

Arrival predictions on a simulated day of the demo network: the week before is simulated
and recorded as stop arrivals (what the tracker learns from); then a sample of the day's
runs, on a day not in that history, is driven with another seed (traffic peaks, dwell
times, driver pace, GPS noise, occasional detours) and, every minute of each run, the
predictor's arrival time at every later stop is compared with the simulated truth,
bucketed like the Transit
ETA-Accuracy benchmark by the time left to the arrival. A prediction is accurate when
the vehicle arrives at most `early` minutes before it or `late` minutes after it.
The schedule-only baseline predicts the timetable's time.

Then the time to build the TripUpdates feed for 100 and 1,000 active vehicles.

Prints progress on stderr and one JSON line of results on stdout.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcity.config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from benchmarks.service_requests import log  # noqa: E402
from smartcity.transit import demo as transit_demo  # noqa: E402
from smartcity.transit.models import Trip  # noqa: E402
from smartcity.transit.realtime import demo as realtime_demo  # noqa: E402
from smartcity.transit.realtime import feeds, history, schedule  # noqa: E402
from smartcity.transit.realtime.models import StopArrival, Vehicle, VehicleRun  # noqa: E402
from smartcity.transit.realtime.prediction import (  # noqa: E402
    CITY_TZ,
    arrivals_predict,
    run_pace,
    stop_visits,
)
from smartcity.transit.realtime.simulator import run_drive, run_visits  # noqa: E402
from smartcity.transit.realtime.tracking import progress_start, progress_update  # noqa: E402

DAY = datetime.date(2026, 11, 24)  # a Tuesday
SEED = 2026  # the week the predictor learns from
EVAL_SEED = SEED + 1  # the evaluated day: another day, other drivers, other noise
# (from, to) minutes before the arrival, and the accepted (early, late) minutes.
BUCKETS = [
    ((0, 3), (1.0, 1.0)),
    ((3, 6), (1.5, 2.0)),
    ((6, 10), (2.5, 3.5)),
    ((10, 15), (3.5, 5.0)),
]
ACCURACY_AIM = 0.85
BUILD_AIM_MS = {100: 50, 1000: 500}


def _bucket(minutes: float) -> int | None:
    for i, ((low, high), _window) in enumerate(BUCKETS):
        if low <= minutes < high:
            return i
    return None


class Tally:
    def __init__(self) -> None:
        self.hits = [0] * len(BUCKETS)
        self.counts = [0] * len(BUCKETS)
        self.errors: list[float] = []

    def add(self, bucket: int, predicted: float, actual: float) -> None:
        early, late = BUCKETS[bucket][1]
        deviation = (actual - predicted) / 60
        self.counts[bucket] += 1
        self.hits[bucket] += -early <= deviation <= late
        self.errors.append(abs(actual - predicted))

    def shares(self) -> list[float]:
        return [h / c if c else 0.0 for h, c in zip(self.hits, self.counts, strict=True)]


def _run_evaluate(plan, learned, model: Tally, baseline: Tally) -> None:  # noqa: ANN001
    ref = realtime_demo.vehicle_ref(plan)
    delay = realtime_demo.start_delay(plan, EVAL_SEED)
    truth = {
        v.index: v.arrival for v in run_visits(plan, vehicle=ref, seed=EVAL_SEED, start_delay=delay)
    }
    samples = list(run_drive(plan, vehicle=ref, seed=EVAL_SEED, start_delay=delay))
    first = samples[0]
    projection = plan.shape.project(first.fix.lat, first.fix.lon)
    progress = progress_start(plan, first.fix, projection.distance_along, projection.offset)
    points = [(first.fix.time, progress.distance)]
    for n, sample in enumerate(samples[1:], start=1):
        progress = progress_update(progress, sample.fix)
        points.append((sample.fix.time, progress.distance))
        if n % 4:
            continue  # one prediction a minute
        now = sample.fix.time
        pace = run_pace(plan, stop_visits(plan, points), learned)
        index = {call.sequence: i for i, call in enumerate(plan.calls)}
        for p in arrivals_predict(progress, learned, pace=pace, now=now):
            i = index[p.sequence]
            actual = truth.get(i)
            if actual is None or actual < now:
                continue
            bucket = _bucket((actual - now) / 60)
            if bucket is None:
                continue
            model.add(bucket, p.arrival, actual)
            baseline.add(bucket, plan.calls[i].arrival, actual)


def _unseen_day_check(midnight: datetime.datetime) -> None:
    """The predictor is judged on a day it never learned from, driven with another seed:
    no recorded arrival on `DAY` or later, and none of its runs' visits in the history."""
    if EVAL_SEED == SEED:
        raise SystemExit("the evaluated day must be driven with a seed of its own")
    if StopArrival.objects.filter(arrived_at__gte=midnight).exists():
        raise SystemExit(f"the history holds arrivals of {DAY}: the evaluation would be seen")


def accuracy_measure(every: int) -> list[dict]:
    midnight = datetime.datetime.combine(DAY, datetime.time(), CITY_TZ).astimezone(datetime.UTC)
    _unseen_day_check(midnight)
    learned = history.history_build(midnight)
    plans = realtime_demo._day_plans(DAY)  # noqa: SLF001 - the same runs the demo drives
    plans.sort(key=lambda p: (p.trip_id, p.start_time))
    sample = plans[::every]
    log(f"predicting along {len(sample)} of the day's {len(plans)} runs …")
    model, baseline = Tally(), Tally()
    for plan in sample:
        _run_evaluate(plan, learned, model, baseline)
    rows = []
    for i, ((low, high), (early, late)) in enumerate(BUCKETS):
        ours, base = model.shares()[i], baseline.shares()[i]
        rows.append(
            {
                "measure": f"arrivals {low}–{high} min ahead accurate (−{early:g}/+{late:g} min), "
                f"{model.counts[i]:,} predictions",
                "value": f"{ours:.1%}",
                "baseline": f"{base:.1%}",
                "ratio": f"{ours / base:.2f}×" if base else "—",
                "aim": "—",
                "met": ours > base,
            }
        )
    mean_ours = statistics.mean(model.shares())
    mean_base = statistics.mean(baseline.shares())
    rows.append(
        {
            "measure": "arrival predictions accurate, mean over the four buckets",
            "value": f"{mean_ours:.1%}",
            "baseline": f"{mean_base:.1%}",
            "ratio": f"{mean_ours / mean_base:.2f}×" if mean_base else "—",
            "aim": f"> {ACCURACY_AIM:.0%}",
            "met": mean_ours > ACCURACY_AIM,
        }
    )
    mae, mae_base = statistics.mean(model.errors), statistics.mean(baseline.errors)
    rows.append(
        {
            "measure": "mean absolute error of arrival predictions, s",
            "value": f"{mae:.0f}",
            "baseline": f"{mae_base:.0f}",
            "ratio": f"{mae / mae_base:.2f}×",
            "aim": "below the schedule's",
            "met": mae < mae_base,
        }
    )
    return rows


def _vehicles_place(count: int, at: datetime.datetime) -> None:
    """`count` vehicles part-way along the runs under way at `at` (several per run when
    there are fewer runs than vehicles)."""
    VehicleRun.objects.all().delete()
    Vehicle.objects.filter(ref__startswith="BENCH-").delete()
    plans = [p for p in schedule.runs_around(at.timestamp()) if p.first_departure <= at.timestamp()]
    trips = dict(Trip.objects.values_list("gtfs_id", "pk"))
    vehicles = Vehicle.objects.bulk_create(Vehicle(ref=f"BENCH-{n:04d}") for n in range(count))
    runs = []
    for n, vehicle in enumerate(vehicles):
        plan = plans[n % len(plans)]
        share = ((n * 37) % 90 + 5) / 100
        distance = plan.calls[-1].distance * share
        lat, lon = plan.shape.point_at(distance)
        h, m, s = (int(x) for x in plan.start_time.split(":"))
        runs.append(
            VehicleRun(
                vehicle=vehicle,
                observed_at=at - datetime.timedelta(seconds=n % 30),
                latitude=lat,
                longitude=lon,
                trip_id=trips[plan.trip_id],
                start_date=datetime.datetime.strptime(plan.start_date, "%Y%m%d").date(),
                start_time=h * 3600 + m * 60 + s,
                distance=distance,
                delay=at.timestamp() - plan.scheduled_time_at(distance),
            )
        )
    VehicleRun.objects.bulk_create(runs)


def build_measure(count: int) -> dict:
    at = datetime.datetime.combine(DAY, datetime.time(8, 15), CITY_TZ).astimezone(datetime.UTC)
    _vehicles_place(count, at)
    feeds.trip_updates_build(at)  # history and trip shapes loaded once per process
    timings = []
    for _ in range(7):
        start = time.perf_counter()
        message = feeds.trip_updates_build(at)
        timings.append(time.perf_counter() - start)
    assert len(message.entity) == count, len(message.entity)
    median = statistics.median(timings) * 1000
    return {
        "measure": f"TripUpdates feed for {count:,} active vehicles, ms to build",
        "value": f"{median:.0f}",
        "aim": f"< {BUILD_AIM_MS[count]} ms",
        "met": median < BUILD_AIM_MS[count],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)  # the harness passes it
    parser.add_argument("--every", type=int, default=3, help="evaluate every n-th run")
    args = parser.parse_args()
    call_command("migrate", interactive=False, verbosity=0)
    log("loading the demo network and simulating the week before …")
    transit_demo.transit_load(today=DAY)
    realtime_demo.history_load(seed=SEED, today=DAY)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    rows = accuracy_measure(args.every)
    for count in (100, 1000):
        log(f"building TripUpdates for {count} vehicles …")
        rows.append(build_measure(count))
    print(json.dumps({"rows": rows}))


if __name__ == "__main__":
    main()
