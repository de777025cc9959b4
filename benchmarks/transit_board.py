"""A stop's departure board under load (issue 13), run in a child process (see harness.py).

The demo network with its simulated week of stop arrivals (what the predictions learn
from) and a vehicle on every run under way now, reporting; gunicorn as deployed
(deploy/gunicorn.conf.py, sync workers) with `--workers` workers, serving the platform
plus the baseline view of benchmarks/urls.py. `--users` concurrent users, each asking
for the next page as soon as it has the last (a new connection each time, as sync
workers close them), load the stop page `/transit/stops/CENTRU/`, the Open311 request
list and the baseline — a page through the same middleware that does nothing else — in
alternating rounds; the figures are the medians of the rounds' requests/s and 99th
percentile latencies. Client and server share the machine's cores.

Prints progress on stderr and one JSON line of results on stdout.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcity.config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks.service_requests import log  # noqa: E402
from smartcity.city import demo as city_demo  # noqa: E402
from smartcity.service_requests import demo as requests_demo  # noqa: E402
from smartcity.service_requests import history as requests_history  # noqa: E402
from smartcity.transit import demo as transit_demo  # noqa: E402
from smartcity.transit.models import Trip  # noqa: E402
from smartcity.transit.realtime import demo as realtime_demo  # noqa: E402
from smartcity.transit.realtime import schedule  # noqa: E402
from smartcity.transit.realtime.models import Vehicle, VehicleRun  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BOARD = "/transit/stops/CENTRU/"
OPEN311 = "/open311/v2/requests.json"
BARE = "/bench/minimal.json"
AIM_RATE = 200  # requests/s
AIM_P99_MS = 300


def database_fill(requests: int) -> None:
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    city_demo.city_load()
    requests_demo.categories_load()
    requests_history.requests_generate(count=requests, seed=1, batch_size=5000)
    log("loading the demo network and simulating the week before …")
    transit_demo.transit_load()
    realtime_demo.history_load(seed=2026)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def vehicles_place() -> int:
    """A vehicle on every run under way now, where the timetable says it is."""
    now = timezone.now()
    moment = now.timestamp()
    plans = [
        p for p in schedule.runs_around(moment) if p.first_departure <= moment <= p.last_arrival
    ]
    trips = dict(Trip.objects.values_list("gtfs_id", "pk"))
    vehicles = Vehicle.objects.bulk_create(Vehicle(ref=f"BENCH-{n:04d}") for n in range(len(plans)))
    runs = []
    for vehicle, plan in zip(vehicles, plans, strict=True):
        distance = plan.scheduled_distance_at(moment)
        lat, lon = plan.shape.point_at(distance)
        h, m, s = (int(x) for x in plan.start_time.split(":"))
        runs.append(
            VehicleRun(
                vehicle=vehicle,
                observed_at=now,
                latitude=lat,
                longitude=lon,
                trip_id=trips[plan.trip_id],
                start_date=datetime.datetime.strptime(plan.start_date, "%Y%m%d").date(),
                start_time=h * 3600 + m * 60 + s,
                distance=distance,
                delay=0.0,
            )
        )
    VehicleRun.objects.bulk_create(runs)
    return len(runs)


def vehicles_report() -> None:
    """The vehicles report again (they would every 15 s): none goes stale mid-run."""
    VehicleRun.objects.update(observed_at=timezone.now())


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_start(workers: int, logs: Path) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
            "--worker-tmp-dir",
            "/dev/shm" if os.path.isdir("/dev/shm") else "/tmp",
            "benchmarks.platform_site:application",
        ],
        cwd=ROOT,
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=logs.open("w"),
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {logs.read_text()[-2000:]}")
        with socket.socket() as attempt:
            if attempt.connect_ex(("127.0.0.1", port)) == 0:
                return server, port
        time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def load(port: int, path: str, users: int, seconds: float) -> dict:
    """`users` threads GETting `path` back to back for `seconds`: rate, p50, p99, errors."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def user() -> None:
        mine, failed = [], []
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                client = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                client.request("GET", path, headers={"Host": "localhost"})
                response = client.getresponse()
                response.read()
                client.close()
                if response.status != 200:
                    failed.append(str(response.status))
                    continue
            except OSError as error:
                failed.append(type(error).__name__)
                continue
            mine.append(time.perf_counter() - start)
        with lock:
            latencies.extend(mine)
            errors.extend(failed)

    began = time.perf_counter()
    threads = [threading.Thread(target=user) for _ in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies.sort()

    def percentile(share: float) -> float:
        return latencies[min(len(latencies) - 1, int(share * len(latencies)))] * 1000

    return {
        "rate": len(latencies) / elapsed,
        "p50": percentile(0.50) if latencies else float("nan"),
        "p99": percentile(0.99) if latencies else float("nan"),
        "errors": len(errors),
    }


def measured(port: int, users: int, seconds: float, rounds: int) -> dict[str, dict]:
    """Medians over `rounds` of each page, the pages loaded in turn within each round."""
    pages = {"board": BOARD, "open311": OPEN311, "bare": BARE}
    for path in pages.values():
        load(port, path, users, 2.0)  # every worker imports, connects and warms its caches
    found: dict[str, list[dict]] = {name: [] for name in pages}
    for n in range(rounds):
        for name, path in pages.items():
            vehicles_report()
            result = load(port, path, users, seconds)
            log(
                f"  round {n + 1} {path}: {result['rate']:.0f} requests/s, "
                f"p50 {result['p50']:.0f} ms, p99 {result['p99']:.0f} ms, "
                f"{result['errors']} errors"
            )
            found[name].append(result)
    return {
        name: {key: statistics.median(r[key] for r in results) for key in ("rate", "p50", "p99")}
        | {"errors": sum(r["errors"] for r in results)}
        for name, results in found.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)  # the harness passes it
    parser.add_argument("--requests", type=int, default=5000, help="Open311 requests stored")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--round-seconds", type=float, default=10.0)
    args = parser.parse_args()
    database_fill(args.requests)
    placed = vehicles_place()
    log(f"{placed} vehicles on the runs under way; starting gunicorn, {args.workers} workers …")
    logs = Path(os.environ.get("SMARTCITY_DATA_DIR") or "/tmp") / "transit-board-gunicorn.log"
    server, port = server_start(args.workers, logs)
    try:
        figures = measured(port, args.users, args.round_seconds, args.rounds)
    finally:
        server.terminate()
        server.wait(timeout=60)
    board, open311, bare = figures["board"], figures["open311"], figures["bare"]
    under = f"{args.users} users, {args.workers} gunicorn workers, {placed} live vehicles"
    rows = []
    for name, baseline in (("the Open311 request list", open311), ("a bare page", bare)):
        rows.append(
            {
                "measure": f"stop board {BOARD}, requests/s ({under}); baseline: {name}",
                "value": f"{board['rate']:,.0f}",
                "baseline": f"{baseline['rate']:,.0f}",
                "ratio": f"{board['rate'] / baseline['rate']:.2f}",
                "aim": f"≥ {AIM_RATE}/s, no errors",
                "met": board["rate"] >= AIM_RATE and board["errors"] == 0,
            }
        )
        rows.append(
            {
                "measure": f"stop board, 99th percentile latency, ms; baseline: {name}",
                "value": f"{board['p99']:,.0f}",
                "baseline": f"{baseline['p99']:,.0f}",
                "ratio": f"{board['p99'] / baseline['p99']:.2f}×",
                "aim": f"< {AIM_P99_MS} ms",
                "met": board["p99"] < AIM_P99_MS,
            }
        )
    print(json.dumps({"rows": rows}))


if __name__ == "__main__":
    main()
