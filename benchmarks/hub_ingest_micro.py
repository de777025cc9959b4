"""In-process ingest micro-benchmark: readings_ingest batches against COPY of the same rows.

    DATABASE_URL=postgres://…/sc_hub_perf python -m benchmarks.hub_ingest_micro \
        [--batches 10] [--batch 2000] [--profile out.prof] [--states]

Needs a database filled by `python -m benchmarks.data_hub --fill-only` (the SL-BENCH-
street lights). Each batch is street-light readings as benchmarks.hub_load sends them
(three values per reading, new times), ingested by `readings_ingest` as the MQTT worker
calls it; the ceiling writes the same number of value rows by COPY (PostgreSQL) or one
executemany transaction (SQLite) in the same run. Everything written is deleted after.
Prints one JSON line on stdout.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import itertools
import json
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcity.config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks.data_hub import ceiling_rows, raw_write_seconds  # noqa: E402
from benchmarks.hub_load import LIGHT_VALUES, light_readings, light_ref  # noqa: E402
from smartcity.devices import ingest, selectors  # noqa: E402
from smartcity.devices.models import Device, Reading, ReadingAggregate  # noqa: E402


def _items(readings, size: int) -> list[dict]:  # noqa: ANN001
    return [
        {"device": ref, "observedAt": moment, "values": values}
        for ref, moment, values in itertools.islice(readings, size)
    ]


def _forget(since: datetime.datetime) -> None:
    Reading.objects.filter(observed_at__gte=since).delete()
    hour = since.replace(minute=0, second=0, microsecond=0)
    ReadingAggregate.objects.filter(period="h", start__gte=hour).delete()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--batch", type=int, default=2000, help="readings per batch")
    parser.add_argument("--lights", type=int, default=2000, help="distinct lights per batch")
    parser.add_argument("--profile", default="")
    parser.add_argument("--states", action="store_true", help="also time states_current")
    args = parser.parse_args()
    known = Device.objects.filter(ref__in=[light_ref(n) for n in range(args.lights)]).count()
    if known < args.lights:
        raise SystemExit(f"only {known} of {args.lights} SL-BENCH- lights: fill first")
    # Just now, as live devices send: the state moves forward.
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(seconds=60)
    ingest.burst_guard.per_minute = 10**9
    ingest.directory.clear()
    readings = light_readings(0, args.lights, start)
    ingest.readings_ingest(_items(readings, 1), credential=ingest.TRUSTED)  # warm
    copy_rates, rates, took = [], [], []
    profiler = cProfile.Profile() if args.profile else None
    for n in range(args.batches):
        items = _items(readings, args.batch)
        if profiler:
            profiler.enable()
        began = time.perf_counter()
        result = ingest.readings_ingest(items, credential=ingest.TRUSTED)
        seconds = time.perf_counter() - began
        if profiler:
            profiler.disable()
        assert result.accepted == args.batch and not result.rejected, result
        took.append(seconds)
        rates.append(result.values / seconds)
        # The same number of value rows, written raw (other times, deleted below).
        copy_start = start + datetime.timedelta(minutes=30, seconds=n)
        copied = ceiling_rows(args.lights, result.values, copy_start)
        copy_rates.append(len(copied) / raw_write_seconds(copied))
    _forget(start)
    if profiler:
        profiler.dump_stats(args.profile)
    out = {
        "database": connection.vendor,
        "batch_readings": args.batch,
        "values_per_batch": args.batch * len(LIGHT_VALUES),
        "batch_seconds_median": round(statistics.median(took), 4),
        "ingest_values_per_s_median": round(statistics.median(rates)),
        "ingest_readings_per_s_median": round(args.batch / statistics.median(took)),
        "copy_values_per_s_median": round(statistics.median(copy_rates)),
        "share_of_copy": round(statistics.median(rates) / statistics.median(copy_rates), 3),
    }
    if args.states:
        district = (
            Device.objects.filter(ref=light_ref(0)).values_list("district__slug", flat=True).first()
        )
        times = []
        for _ in range(15):
            began = time.perf_counter()
            found = selectors.states_current(device_type="StreetLight", district_slug=district)
            times.append((time.perf_counter() - began) * 1000)
        out["states_current_ms_median"] = round(statistics.median(times), 1)
        out["states_current_devices"] = len(found)
    print(json.dumps(out), flush=True)
    print(json.dumps(out), file=sys.stderr)


if __name__ == "__main__":
    main()
