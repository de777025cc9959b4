"""Data hub benchmarks, run in a child process on one database (see harness.py).

The database holds `--readings` stored readings (rows of devices_reading, one value each)
of `--lights` street lights in one district, reporting every hour or so, and 10 air
quality stations reporting about every minute, over 90 days; the hourly aggregates of
the stations and the daily ones of every device, and the latest state of each. On
PostgreSQL the fill is kept between runs (in its own database, which the other
benchmarks' flush does not touch) and is reused when its parameters match.

Measured, side by side in this run:
- the ceiling: the same rows written raw in one statement (PostgreSQL `COPY`; on SQLite
  one transaction of executemany INSERTs), as readings per second;
- sustained ingest through MQTT (the real broker, `smartcity ingest` workers with a
  shared subscription, publisher processes) and through HTTP (gunicorn workers serving
  POST /ingest/v1/readings, client processes), with 1 and 2 workers, counted in the
  database over a window while the load runs;
- the current state of the district's street lights and the hourly averages of one
  station over 90 days, each against a primary-key lookup of one device.

Prints progress on stderr and one JSON line of results on stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcity.config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks.hub_load import LIGHT_VALUES, light_ref  # noqa: E402
from benchmarks.service_requests import Endpoint, log  # noqa: E402
from smartcity.city import demo as city_demo  # noqa: E402
from smartcity.city.models import District  # noqa: E402
from smartcity.devices import selectors, services  # noqa: E402
from smartcity.devices.models import (  # noqa: E402
    Device,
    DeviceState,
    Reading,
    ReadingAggregate,
)
from smartcity.devices.storage import day_start  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MOSQUITTO_CONF = ROOT / "deploy" / "mosquitto.conf"
DAYS = 90
STATIONS = 10
LIGHT_QUANTITIES = ("activePower", "powerState")
STATION_QUANTITIES = ("pm25", "pm10", "no2", "o3", "temperature", "relativeHumidity")
# Of all stored readings, this share is the stations' (about one a minute each at 50M).
STATION_SHARE = 0.15
INGEST_AIM_READINGS_PER_S = 20_000
INGEST_AIM_SHARE_OF_COPY = 0.30
STATE_AIM_MS, AGGREGATE_AIM_MS = 50, 20
MARKER = "bench_hub_fill"


def pg() -> bool:
    return connection.vendor == "postgresql"


# -- filling ---------------------------------------------------------------------------


def _plan(readings: int, lights: int) -> dict:
    """Seconds between two readings of a light and of a station for `readings` in all."""
    span = DAYS * 86400
    station_steps = max(2, round(readings * STATION_SHARE / (STATIONS * len(STATION_QUANTITIES))))
    light_steps = max(2, round(readings * (1 - STATION_SHARE) / (lights * len(LIGHT_QUANTITIES))))
    return {
        "readings": readings,
        "lights": lights,
        "light_steps": light_steps,
        "light_step": span // light_steps,
        "station_steps": station_steps,
        "station_step": span // station_steps,
    }


def _marker() -> dict | None:
    with connection.cursor() as cursor:
        if MARKER not in connection.introspection.table_names(cursor):
            return None
        cursor.execute(f"SELECT plan FROM {MARKER}")
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def _marker_set(plan: dict) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {MARKER} (plan text)")
        cursor.execute(f"DELETE FROM {MARKER}")
        cursor.execute(f"INSERT INTO {MARKER} (plan) VALUES (%s)", [json.dumps(plan)])


def database_fill(readings: int, lights: int) -> dict:
    """The fill's plan with its end time; reuses a PostgreSQL fill of the same plan."""
    plan = _plan(readings, lights)
    call_command("migrate", interactive=False, verbosity=0)
    known = _marker()
    if known and {k: known.get(k) for k in plan} == plan:
        log(f"reusing the stored fill of {known['stored']:,} readings")
        _forget_since(datetime.datetime.fromisoformat(known["end"]))
        return known
    call_command("flush", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    city_demo.city_load()
    district = District.objects.order_by("slug").first()
    gateway, token = services.gateway_create(name="bench-gateway")
    Device.objects.bulk_create(
        [
            Device(
                ref=light_ref(n),
                device_type="StreetLight",
                latitude=47.74 + (n % 100) * 0.0004,
                longitude=27.90 + (n // 100) * 0.0004,
                district=district,
                gateway=gateway,
                attributes={"lampPower": 70},
            )
            for n in range(lights)
        ],
        batch_size=5000,
    )
    Device.objects.bulk_create(
        Device(
            ref=f"AQ-BENCH-{n:02d}",
            device_type="AirQualityObserved",
            latitude=47.76 + n * 0.002,
            longitude=27.93,
        )
        for n in range(STATIONS)
    )
    end = timezone.now().replace(minute=0, second=0, microsecond=0)
    plan["end"] = end.isoformat()
    plan["token"] = token
    plan["district"] = district.slug
    started = time.perf_counter()
    log(f"filling {readings:,} readings over {DAYS} days…")
    # One transaction: PostgreSQL's DDL is transactional, so a failed fill cannot leave the
    # tables without the constraints it drops while loading.
    with transaction.atomic():
        (_fill_postgres if pg() else _fill_sqlite)(plan, end - datetime.timedelta(days=DAYS))
    plan["stored"] = Reading.objects.count()
    plan["fill_seconds"] = round(time.perf_counter() - started)
    log(f"filled {plan['stored']:,} readings in {plan['fill_seconds']} s")
    _marker_set(plan)
    return plan


def _indexes_dropped(table: str) -> list[str]:
    """Drop a PostgreSQL table's constraints and indexes; the statements that restore them."""
    restore = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
            "WHERE conrelid = %s::regclass ORDER BY contype = 'f'",
            [table],
        )
        constraints = cursor.fetchall()
        names = {name for name, _d, _t in constraints}
        for name, definition, _kind in constraints:
            restore.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
        indexes = [(n, d) for n, d in cursor.fetchall() if n not in names]
        for name, _definition, _kind in reversed(constraints):
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
            restore.append(definition)
    # Primary key first, foreign keys last (they need the referenced keys only).
    restore.sort(key=lambda s: (" FOREIGN KEY " in s, " PRIMARY KEY " not in s))
    return restore


def _fill_postgres(plan: dict, start: datetime.datetime) -> None:
    reading, aggregate = Reading._meta.db_table, ReadingAggregate._meta.db_table
    device, state = Device._meta.db_table, DeviceState._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute("SET work_mem = '256MB'")
        restore = _indexes_dropped(reading) + _indexes_dropped(aggregate)
        series = (
            f"INSERT INTO {reading} (device_id, quantity, observed_at, value) "
            "SELECT d.id, q.name, %s::timestamptz + s * %s * interval '1 second', {value} "
            f"FROM {device} d CROSS JOIN unnest(%s::text[]) AS q(name) "
            "CROSS JOIN generate_series(0, %s - 1) AS s "
            "WHERE d.ref LIKE %s ORDER BY d.id, q.name, s"
        )
        value = "CASE WHEN q.name = 'powerState' THEN (s %% 2)::float8 ELSE random() * 70 END"
        cursor.execute(
            series.format(value=value),
            [start, plan["light_step"], list(LIGHT_QUANTITIES), plan["light_steps"], "SL-BENCH-%"],
        )
        value = (
            "CASE WHEN q.name = 'relativeHumidity' THEN random() "
            "WHEN q.name = 'temperature' THEN random() * 30 - 5 ELSE random() * 60 END"
        )
        cursor.execute(
            series.format(value=value),
            [
                start,
                plan["station_step"],
                list(STATION_QUANTITIES),
                plan["station_steps"],
                "AQ-BENCH-%",
            ],
        )
        log("aggregates…")
        # Hourly aggregates of the stations (the lights' hours hold one reading each and
        # are left out to keep the fill short); daily ones, in the city's days, of all.
        cursor.execute(
            f"INSERT INTO {aggregate} "
            "(device_id, quantity, period, start, count, total, minimum, maximum) "
            "SELECT device_id, quantity, 'h', date_trunc('hour', observed_at), count(*), "
            "sum(value), min(value), max(value) FROM "
            f"{reading} r JOIN {device} d ON d.id = r.device_id WHERE d.ref LIKE %s "
            "GROUP BY 1, 2, 3, 4",
            ["AQ-BENCH-%"],
        )
        cursor.execute(
            f"INSERT INTO {aggregate} "
            "(device_id, quantity, period, start, count, total, minimum, maximum) "
            "SELECT device_id, quantity, 'd', "
            "date_trunc('day', observed_at AT TIME ZONE %s) AT TIME ZONE %s, count(*), "
            f"sum(value), min(value), max(value) FROM {reading} GROUP BY 1, 2, 3, 4",
            [django.conf.settings.TIME_ZONE] * 2,
        )
        log("indexes…")
        for statement in restore:
            cursor.execute(statement)
        cursor.execute(
            f"INSERT INTO {state} (device_id, quantity, observed_at, value) "
            "SELECT DISTINCT ON (device_id, quantity) device_id, quantity, observed_at, value "
            f"FROM {reading} WHERE observed_at >= %s "
            "ORDER BY device_id, quantity, observed_at DESC",
            [start + datetime.timedelta(days=DAYS, seconds=-3 * plan["light_step"])],
        )
        cursor.execute("ANALYZE")


def _fill_sqlite(plan: dict, start: datetime.datetime) -> None:
    reading, aggregate = Reading._meta.db_table, ReadingAggregate._meta.db_table
    device, state = Device._meta.db_table, DeviceState._meta.db_table
    base = str(start.astimezone(datetime.UTC).replace(tzinfo=None))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
            "AND sql IS NOT NULL",
            [reading],
        )
        indexes = cursor.fetchall()
        for name, _sql in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        steps = max(plan["light_steps"], plan["station_steps"])
        cursor.execute("CREATE TEMP TABLE bench_steps (s integer PRIMARY KEY)")
        cursor.execute(
            "WITH RECURSIVE n(s) AS (SELECT 0 UNION ALL SELECT s + 1 FROM n WHERE s + 1 < %s) "
            "INSERT INTO bench_steps SELECT s FROM n",
            [steps],
        )
        series = (
            f"INSERT INTO {reading} (device_id, quantity, observed_at, value) "
            "SELECT d.id, q.name, datetime(%s, '+' || (s * %s) || ' seconds'), {value} "
            f"FROM {device} d CROSS JOIN ({{quantities}}) q CROSS JOIN bench_steps "
            "WHERE d.ref LIKE %s AND s < %s ORDER BY d.id, q.name, s"
        )

        def quantities(names: tuple[str, ...]) -> str:
            return " UNION ALL ".join(f"SELECT '{n}' AS name" for n in names)

        value = "CASE WHEN q.name = 'powerState' THEN s % 2 ELSE (abs(random()) % 7000) / 100.0 END"
        cursor.execute(
            series.format(value=value, quantities=quantities(LIGHT_QUANTITIES)),
            [base, plan["light_step"], "SL-BENCH-%", plan["light_steps"]],
        )
        value = "(abs(random()) % 6000) / 100.0"
        cursor.execute(
            series.format(value=value, quantities=quantities(STATION_QUANTITIES)),
            [base, plan["station_step"], "AQ-BENCH-%", plan["station_steps"]],
        )
        log("aggregates…")
        cursor.execute(
            f"INSERT INTO {aggregate} "
            "(device_id, quantity, period, start, count, total, minimum, maximum) "
            "SELECT device_id, quantity, 'h', strftime('%%Y-%%m-%%d %%H:00:00', observed_at), "
            f"count(*), sum(value), min(value), max(value) FROM {reading} r "
            f"JOIN {device} d ON d.id = r.device_id WHERE d.ref LIKE %s "
            "GROUP BY 1, 2, 3, 4",
            ["AQ-BENCH-%"],
        )
        # The city's local days, as the ingest stores them (storage.day_of).
        cursor.execute("CREATE TEMP TABLE bench_days (start text, stop text)")
        zone = django.conf.settings.TIME_ZONE
        first = start.date() - datetime.timedelta(days=1)
        days = [day_start(first + datetime.timedelta(days=n), zone) for n in range(DAYS + 3)]
        cursor.executemany(
            "INSERT INTO bench_days VALUES (%s, %s)",
            [
                (str(a.replace(tzinfo=None)), str(b.replace(tzinfo=None)))
                for a, b in zip(days, days[1:], strict=False)
            ],
        )
        cursor.execute(
            f"INSERT INTO {aggregate} "
            "(device_id, quantity, period, start, count, total, minimum, maximum) "
            "SELECT device_id, quantity, 'd', b.start, count(*), sum(value), min(value), "
            f"max(value) FROM {reading} r JOIN bench_days b "
            "ON r.observed_at >= b.start AND r.observed_at < b.stop GROUP BY 1, 2, 3, 4"
        )
        log("indexes…")
        for _name, sql in indexes:
            cursor.execute(sql)
        cursor.execute(
            f"INSERT INTO {state} (device_id, quantity, observed_at, value) "
            "SELECT device_id, quantity, max(observed_at), value "
            f"FROM {reading} GROUP BY device_id, quantity"
        )
        cursor.execute("ANALYZE")


def _forget_since(end: datetime.datetime) -> None:
    """Remove what earlier runs' ingest added after the fill (keeps the size stable)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Reading._meta.db_table} WHERE observed_at >= %s", [end])
        cursor.execute(
            f"DELETE FROM {ReadingAggregate._meta.db_table} WHERE period = 'h' AND start >= %s",
            [end],
        )
    hot_tables_vacuum()


def hot_tables_vacuum() -> None:
    """Clear the dead rows earlier ingest left in the tables every reading updates.

    A server with autovacuum (the default) does this on its own; this shared one has it
    off, so without it each ingest run would inherit the previous runs' bloat.
    """
    if not pg():
        return
    with connection.cursor() as cursor:
        for model in (DeviceState, ReadingAggregate):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")


# -- measuring -------------------------------------------------------------------------


def stored_since(moment: datetime.datetime) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {Reading._meta.db_table} WHERE observed_at >= %s",
            [moment if pg() else str(moment.astimezone(datetime.UTC).replace(tzinfo=None))],
        )
        return cursor.fetchone()[0]


def ceiling_rows(lights: int, rows: int, start: datetime.datetime) -> list[tuple]:
    """`rows` value rows of the first `lights` street lights, as readings of now."""
    ids = list(
        Device.objects.filter(ref__startswith="SL-BENCH-")
        .order_by("ref")
        .values_list("id", flat=True)
    )[:lights]
    out: list[tuple] = []
    step = 0
    while len(out) < rows:
        moment = start + datetime.timedelta(milliseconds=step)
        for device_id in ids:
            for name in LIGHT_VALUES:
                out.append((device_id, name, moment, 1.0 if name == "powerState" else 55.5))
        step += 1
    return out[:rows]


def raw_write_seconds(data: list[tuple]) -> float:
    """Seconds to write (device id, quantity, time, value) rows raw into the readings:
    PostgreSQL COPY, or on SQLite executemany in one transaction."""
    table = Reading._meta.db_table
    columns = "(device_id, quantity, observed_at, value)"
    if pg():
        buffer = "".join(f"{d}\t{q}\t{m.isoformat()}\t{v}\n" for d, q, m, v in data).encode()
        connection.ensure_connection()
        raw = connection.connection
        began = time.perf_counter()
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} {columns} FROM STDIN") as copy:
            for offset in range(0, len(buffer), 1 << 20):
                copy.write(buffer[offset : offset + (1 << 20)])
        return time.perf_counter() - began
    params = [(d, q, str(m.replace(tzinfo=None)), v) for d, q, m, v in data]
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        cursor.executemany(f"INSERT INTO {table} {columns} VALUES (%s, %s, %s, %s)", params)
        cursor.execute("COMMIT")
    return time.perf_counter() - began


def ceiling(lights: int, rows: int) -> float:
    """Rows per second written raw (see `raw_write_seconds`); the rows are removed after."""
    start = timezone.now() - datetime.timedelta(seconds=30)
    data = ceiling_rows(lights, rows, start)
    took = raw_write_seconds(data)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {Reading._meta.db_table} WHERE observed_at >= %s AND observed_at < %s",
            [
                _db_time(start),
                _db_time(start + datetime.timedelta(seconds=10)),
            ],
        )
    return len(data) / took


def _db_time(moment: datetime.datetime) -> object:
    return moment if pg() else str(moment.astimezone(datetime.UTC).replace(tzinfo=None))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(check, seconds: float) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _servers_start(
    kind: str,
    workers: int,
    plan: dict,
    args: argparse.Namespace,
    logs: Path,
    run: str,
    servers: list[subprocess.Popen],
    db_connections: int | None = None,
) -> list[str]:
    """Start the ingest workers or the HTTP server; the loaders' arguments to reach them."""
    env = dict(os.environ)
    if kind == "mqtt":
        target = args.mqtt_url
        for n in range(workers):
            out = logs / f"{run}-worker{n}.log"
            servers.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "smartcity",
                        "ingest",
                        "--url",
                        target,
                        "--client-id",
                        f"bench-{run}-{n}",
                        "--partition",
                        f"{n + 1}/{workers}",
                        "--session-seconds",
                        "30",
                        *(["--connections", str(db_connections)] if db_connections else []),
                    ],
                    env=env,
                    stdout=out.open("w"),
                    stderr=subprocess.STDOUT,
                )
            )
        for n in range(workers):
            out = logs / f"{run}-worker{n}.log"
            if not _wait(lambda out=out: "Subscribed" in out.read_text(), 60):
                raise RuntimeError(f"ingest worker did not subscribe: {out.read_text()}")
        loader = [target]
    else:
        port = _free_port()
        target = f"http://127.0.0.1:{port}/ingest/v1/readings"
        servers.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "smartcity.config.wsgi:application",
                    "--workers",
                    str(workers),
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--timeout",
                    "120",
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=(logs / f"{run}-gunicorn.log").open("w"),
            )
        )

        def accepting() -> bool:
            with socket.socket() as attempt:
                return attempt.connect_ex(("127.0.0.1", port)) == 0

        if not _wait(accepting, 60):
            raise RuntimeError("gunicorn did not start")
        loader = [target, f"--token={plan['token']}"]
    return loader


def _loaders_done(loaders: list[subprocess.Popen], kind: str, timeout: float) -> int:
    """Readings the loaders sent, once they have all finished."""
    sent = 0
    for process in loaders:
        output, _ = process.communicate(timeout=timeout)
        if process.returncode != 0:
            raise RuntimeError(f"{kind} loader failed ({process.returncode})")
        sent += int(output.strip() or 0)
    return sent


def ingest_run(
    kind: str,
    workers: int,
    plan: dict,
    args: argparse.Namespace,
    logs: Path,
    db_connections: int | None = None,
) -> dict:
    """Readings stored per second while loaders push as fast as the hub takes them."""
    hot_tables_vacuum()
    connections.close_all()
    run = f"{kind}{workers}-{os.getpid()}-{time.time_ns() % 10**6}"
    start = timezone.now()
    servers: list[subprocess.Popen] = []
    loaders: list[subprocess.Popen] = []
    env = dict(os.environ)
    try:
        loader = _servers_start(kind, workers, plan, args, logs, run, servers, db_connections)
        share = plan["lights"] // args.loaders
        loaders = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "benchmarks.hub_load",
                    kind,
                    *loader,
                    "--first",
                    str(n * share),
                    "--count",
                    str(share),
                    "--start",
                    start.isoformat(),
                    "--seconds",
                    str(args.seconds + 120),
                    "--limit",
                    str(
                        args.mqtt_backlog // args.loaders
                        if kind == "mqtt" and args.mqtt_backlog
                        else args.limit
                    ),
                ],
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
            for n in range(args.loaders)
        ]
        # Measure once readings flow (the servers have loaded the app) and have settled.
        if not _wait(lambda: stored_since(start) > 0, 60):
            raise RuntimeError(f"no {kind} reading was stored within a minute")
        sent = 0
        if kind == "mqtt" and args.mqtt_backlog:
            # The publishers' backlog is in the broker; the workers drain it alone, so the
            # load generators' CPU (open loop: MQTT does not wait for the database) is
            # not taken from the hub on this 2-core machine.
            sent = _loaders_done(loaders, kind, timeout=600)
            c0, t0 = stored_since(start), time.perf_counter()
            c1, t1 = c0, t0
            while t1 - t0 < args.seconds and c1 < sent * len(LIGHT_VALUES):
                time.sleep(0.5)
                c1, t1 = stored_since(start), time.perf_counter()
        else:
            time.sleep(args.warmup)
            c0, t0 = stored_since(start), time.perf_counter()
            time.sleep(args.seconds)
            c1, t1 = stored_since(start), time.perf_counter()
            for process in loaders:
                process.send_signal(signal.SIGTERM)
            sent = _loaders_done(loaders, kind, timeout=60)
        # What the loaders offered beyond what was stored was still queued (MQTT) when
        # the run stopped; HTTP clients wait for each answer, so nothing is left there.
        stored = stored_since(start)
    finally:
        _stop(loaders + servers)
        connections.close_all()
    # No time in the window: the workers had drained the backlog as it was published.
    rate = (c1 - c0) / (t1 - t0) if t1 > t0 else 0.0
    log(
        f"{kind} × {workers}: {rate:,.0f} readings/s; {sent:,} sent × "
        f"{len(LIGHT_VALUES)} values, {stored:,} stored"
    )
    return {"rate": rate, "sent": sent * len(LIGHT_VALUES), "stored": stored}


@contextlib.contextmanager
def broker(url: str, directory: Path):  # noqa: ANN201
    """The given broker, or a Mosquitto of our own on a free port for the duration.

    Our own, because the shared broker keeps Mosquitto's defaults, which drop queued
    messages past 1,000 per client (the deployment raises that, see deploy/mosquitto.conf),
    and because the load must not disturb other users of the shared broker.
    """
    if url:
        yield url
        return
    port = _free_port()
    config = directory / "mosquitto.conf"
    # The production file's queue limits, without its listener, accounts and persistence.
    own = ("listener", "allow_anonymous", "password_file", "acl_file", "persistence ")
    settings = "\n".join(
        line for line in MOSQUITTO_CONF.read_text().splitlines() if not line.startswith(own)
    )
    settings += "\npersistence false\n"
    config.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\n{settings}")
    mosquitto = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    process = subprocess.Popen([mosquitto, "-c", str(config)], stderr=subprocess.DEVNULL)

    def accepting() -> bool:
        with socket.socket() as attempt:
            return attempt.connect_ex(("127.0.0.1", port)) == 0

    try:
        if not _wait(accepting, 10):
            raise RuntimeError("mosquitto did not start")
        yield f"mqtt://127.0.0.1:{port}"
    finally:
        _stop([process])


def timed_ms(call, baseline, rounds: int) -> tuple[float, float]:  # noqa: ANN001
    """Median milliseconds of `call` and of `baseline`, measured in alternation."""
    call(), baseline()
    t, b = [], []
    for _ in range(rounds):
        began = time.perf_counter()
        baseline()
        b.append(time.perf_counter() - began)
        began = time.perf_counter()
        call()
        t.append(time.perf_counter() - began)
    return statistics.median(t) * 1000, statistics.median(b) * 1000


def _rate_row(measure: str, rate: float, ceiling_rate: float, aim_absolute: bool) -> dict:
    share = rate / ceiling_rate
    met = share >= INGEST_AIM_SHARE_OF_COPY
    aim = f"≥ {INGEST_AIM_SHARE_OF_COPY:.0%} of ceiling"
    if aim_absolute:
        met = met and rate > INGEST_AIM_READINGS_PER_S
        aim += f", > {INGEST_AIM_READINGS_PER_S:,}/s"
    else:
        aim = "reported"
        met = True
    return {
        "measure": measure,
        "value": f"{rate:,.0f}",
        "baseline": f"{ceiling_rate:,.0f}",
        "ratio": f"{share:.0%}",
        "aim": aim,
        "met": met,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--readings", type=int, default=50_000_000)
    parser.add_argument("--lights", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=15.0, help="ingest window per run")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--loaders", type=int, default=2, help="publisher/client processes")
    parser.add_argument("--limit", type=int, default=10_000_000, help="readings per loader")
    parser.add_argument(
        "--mqtt-backlog",
        type=int,
        default=60_000,
        help="MQTT messages published before the workers' rate is measured while they "
        "drain them (0: measure while publishers run, which takes their CPU from the hub)",
    )
    parser.add_argument("--ceiling-rows", type=int, default=300_000)
    parser.add_argument("--rounds", type=int, default=30, help="timed calls per query")
    parser.add_argument(
        "--mqtt-url",
        default=os.environ.get("SMARTCITY_BENCH_MQTT_URL", ""),
        help="an existing broker; default: a Mosquitto of the benchmark's own, configured "
        "as deploy/mosquitto.conf says",
    )
    parser.add_argument("--fill-only", action="store_true", help="fill the database and stop")
    parser.add_argument(
        "--ingest",
        default="mqtt:1,mqtt:1:1,mqtt:2,http:1,http:2",
        help="the ingest runs, as kind:workers[:database connections per MQTT worker]",
    )
    parser.add_argument("--no-queries", action="store_true", help="skip the state queries")
    args = parser.parse_args()
    plan = database_fill(args.readings, args.lights)
    if args.fill_only:
        return
    database = "PostgreSQL" if pg() else "SQLite"
    rows = [
        {
            "measure": f"data hub: stored readings (one value each; {plan['lights']:,} lights, "
            f"{STATIONS} stations, {DAYS} days), fill seconds",
            "value": f"{plan['stored']:,}",
            "baseline": f"{plan['fill_seconds']} s",
            "aim": "reported",
            "met": True,
        }
    ]
    end = datetime.datetime.fromisoformat(plan["end"])
    station = Device.objects.get(ref="AQ-BENCH-00")

    def baseline() -> None:
        Device.objects.filter(pk=station.pk).values_list("ref", flat=True).first()

    def state() -> None:
        found = selectors.states_current(device_type="StreetLight", district_slug=plan["district"])
        assert len(found) == plan["lights"], len(found)

    def state_views() -> None:
        views = selectors.devices_current(device_type="StreetLight", district_slug=plan["district"])
        assert len(views) == plan["lights"], len(views)

    states_json = Endpoint(f"/api/devices/states?type=StreetLight&district={plan['district']}").call

    def hourly() -> None:
        points = selectors.history(
            device=station,
            quantity="pm25",
            start=end - datetime.timedelta(days=DAYS),
            end=end,
            interval="hour",
        )
        assert points

    log("measuring the state and aggregate queries…")
    lights = f"{plan['lights']:,}"
    for measure, call, aim, rounds in (
        ()
        if args.no_queries
        else (
            (
                f"current state of the {lights} street lights of a district "
                "(selectors.states_current), ms",
                state,
                STATE_AIM_MS,
                args.rounds,
            ),
            (
                "the same as devices with their states (selectors.devices_current, model "
                "instances as the API and pages use), ms",
                state_views,
                None,
                max(2, args.rounds // 10),
            ),
            (
                "the same as JSON from GET /api/devices/states (Django's whole request "
                "handling), ms",
                states_json,
                None,
                max(2, args.rounds // 3),
            ),
            (
                f"hourly averages of one station over {DAYS} days, ms",
                hourly,
                AGGREGATE_AIM_MS,
                args.rounds,
            ),
        )
    ):
        ms, base = timed_ms(call, baseline, rounds)
        rows.append(
            {
                "measure": measure,
                "value": f"{ms:.1f}",
                "baseline": f"{base:.2f}",
                "ratio": f"{ms / base:.0f}×",
                "aim": f"< {aim} ms" if aim else "reported",
                "met": ms < aim if aim else True,
            }
        )

    log("measuring the raw insert ceiling…")
    top = ceiling(plan["lights"], args.ceiling_rows)
    how = "COPY" if pg() else "executemany in one transaction"
    rows.append(
        {
            "measure": f"ceiling: the same rows written raw ({how}), readings/s",
            "value": f"{top:,.0f}",
            "aim": "reported",
            "met": True,
        }
    )
    with (
        tempfile.TemporaryDirectory(prefix="smartcity-hub-bench-") as logs,
        broker(args.mqtt_url, Path(logs)) as url,
    ):
        args.mqtt_url = url
        for run in args.ingest.split(","):
            kind, workers_text, *connections_text = run.split(":")
            workers, label = int(workers_text), kind.upper()
            per_worker = int(connections_text[0]) if connections_text else None
            if per_worker and not pg():
                continue  # SQLite's workers store through 1 connection anyway
            measured = ingest_run(kind, workers, plan, args, Path(logs), per_worker)
            # The default worker stores through 2 connections on PostgreSQL (1 on SQLite).
            how = f"{workers} worker{'s' * (workers > 1)}"
            if kind == "mqtt" and pg():
                each = per_worker or 2
                how += f" ({each} database connection{'s' * (each > 1)} each)"
            rows.append(
                dict(
                    offered=measured["sent"],
                    stored=measured["stored"],
                    **_rate_row(
                        f"ingest through {label}, {how}, "
                        f"readings/s ({measured['sent']:,} offered, {measured['stored']:,} "
                        "stored when the run stopped)",
                        measured["rate"],
                        top,
                        aim_absolute=pg() and per_worker is None,
                    ),
                )
            )
    log(f"{database} done")
    print(json.dumps({"rows": rows}))


if __name__ == "__main__":
    main()
