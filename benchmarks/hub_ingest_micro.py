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

from benchmarks.hub_load import LIGHT_VALUES, light_ref  # noqa: E402
from smartcity.devices import ingest, selectors  # noqa: E402
from smartcity.devices.models import Device, Reading, ReadingAggregate  # noqa: E402


def _batch(refs: list[str], start: datetime.datetime, step: int, size: int) -> list[dict]:
    items = []
    n = 0
    while len(items) < size:
        moment = (start + datetime.timedelta(milliseconds=step)).isoformat()
        moment = moment.replace("+00:00", "Z")
        for ref in refs:
            if len(items) == size:
                break
            power = 40.0 + (n + step) % 30
            items.append(
                {
                    "device": ref,
                    "observedAt": moment,
                    "values": {"powerState": "on", "illuminanceLevel": 0.8, "activePower": power},
                }
            )
            n += 1
        step += 1
    return items


def _copy_rate(ids: list[int], rows: int, start: datetime.datetime) -> float:
    data = []
    step = 0
    while len(data) < rows:
        moment = start + datetime.timedelta(milliseconds=step)
        for device_id in ids:
            for name in LIGHT_VALUES:
                data.append((device_id, name, moment, 1.0))
        step += 1
    data = data[:rows]
    table = Reading._meta.db_table
    columns = "(device_id, quantity, observed_at, value)"
    if connection.vendor == "postgresql":
        buffer = "".join(f"{d}\t{q}\t{m.isoformat()}\t{v}\n" for d, q, m, v in data).encode()
        connection.ensure_connection()
        began = time.perf_counter()
        with (
            connection.connection.cursor() as cursor,
            cursor.copy(f"COPY {table} {columns} FROM STDIN") as copy,
        ):
            copy.write(buffer)
        connection.connection.commit() if not connection.get_autocommit() else None
        took = time.perf_counter() - began
    else:
        params = [(d, q, str(m.replace(tzinfo=None)), v) for d, q, m, v in data]
        began = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.executemany(f"INSERT INTO {table} {columns} VALUES (%s, %s, %s, %s)", params)
            cursor.execute("COMMIT")
        took = time.perf_counter() - began
    return rows / took


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
    devices = dict(Device.objects.filter(ref__startswith="SL-BENCH-").values_list("ref", "id"))
    refs = [light_ref(n) for n in range(args.lights) if light_ref(n) in devices]
    ids = [devices[r] for r in refs]
    # Just now, as live devices send: the state moves forward.
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(seconds=60)
    ingest.burst_guard.per_minute = 10**9
    ingest.directory.clear()
    ingest.readings_ingest(_batch(refs[:1], start, 0, 1), credential=ingest.TRUSTED)  # warm
    copy_rates, rates, took = [], [], []
    profiler = cProfile.Profile() if args.profile else None
    step = 1000
    for _ in range(args.batches):
        items = _batch(refs, start, step, args.batch)
        step += args.batch // len(refs) + 2
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
        copy_start = start + datetime.timedelta(minutes=30, milliseconds=step)
        copy_rates.append(_copy_rate(ids, result.values, copy_start))
        step += args.batch // len(refs) + 2
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
            Device.objects.filter(ref=refs[0]).values_list("district__slug", flat=True).first()
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
