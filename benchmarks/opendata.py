"""Open data benchmarks, run in a child process on one database (see harness.py):
100,000 service requests and 3,000 street lights with their latest state; the public
dashboard (read anew, and as kept for half a minute), the data pages, a deep page of the
rows API, the DCAT-AP catalogue, and a full CSV export — its time, and its memory peak at
a tenth of the rows and at all of them, to show that the export streams in constant
memory.

Prints progress on stderr and one JSON line of results on stdout.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import random
import time
import tracemalloc

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcity.config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks.service_requests import Endpoint, interleaved, log  # noqa: E402
from smartcity.city import demo as city_demo  # noqa: E402
from smartcity.city.models import District  # noqa: E402
from smartcity.devices.models import Device, DeviceState  # noqa: E402
from smartcity.service_requests import demo as requests_demo  # noqa: E402
from smartcity.service_requests import history  # noqa: E402
from smartcity.service_requests.models import ServiceRequest  # noqa: E402
from smartcity.strategy import demo as strategy_demo  # noqa: E402

PAGE_AIM_MS = 300
DCAT_AIM_MS = 1000
EXPORT_AIM_S = 60
# The export's peak memory at ten times the rows may grow by this much at most.
MEMORY_GROWTH_AIM = 1.5


def _empty_database() -> None:
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    city_demo.city_load()
    requests_demo.categories_load()
    strategy_demo.strategy_load()


def lights_fill(count: int, seed: int = 1) -> None:
    """Street lights across the districts, each with a latest state: most on or dimmed,
    some off, a few faulty, one in ten without a controller."""
    rng = random.Random(seed)
    districts = list(District.objects.all())
    now = timezone.now()
    devices = Device.objects.bulk_create(
        Device(
            ref=f"SL-BENCH-{n:05d}",
            device_type="StreetLight",
            latitude=47.73 + rng.random() * 0.06,
            longitude=27.89 + rng.random() * 0.07,
            address=f"Strada {n % 300}",
            district=rng.choice(districts) if districts else None,
            is_connected=n % 10 != 0,
        )
        for n in range(count)
    )
    states = []
    for device in devices:
        if not device.is_connected:
            continue
        power = 0.0 if rng.random() < 0.1 else 1.0
        values = {
            "powerState": power,
            "illuminanceLevel": rng.choice((1.0, 0.6)) if power else 0.0,
            "activePower": 95.0 * power,
            "status": 1.0 if rng.random() < 0.03 else 0.0,
        }
        states += [
            DeviceState(device=device, quantity=q, value=v, observed_at=now)
            for q, v in values.items()
        ]
    DeviceState.objects.bulk_create(states, batch_size=5000)


def requests_fill(count: int) -> None:
    have = ServiceRequest.objects.count()
    if count > have:
        log(f"generating {count - have:,} service requests…")
        history.requests_generate(count=count - have, seed=have + 1, progress=log, batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def export(path: str, *, traced: bool) -> tuple[float, int, int]:
    """(seconds, bytes sent, peak bytes allocated while streaming) of one download."""
    handler = WSGIHandler()
    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET")
    environ["wsgi.input"] = io.BytesIO()
    gc.collect()
    if traced:
        tracemalloc.start()
    start = time.perf_counter()
    status: list[str] = []
    body = handler(environ, lambda s, h, exc_info=None: status.append(s))
    size = 0
    for piece in body:
        size += len(piece)  # each piece is dropped at once, as a server sends it
    if hasattr(body, "close"):
        body.close()
    seconds = time.perf_counter() - start
    peak = 0
    if traced:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    if not status[0].startswith("200"):
        raise RuntimeError(f"{path}: {status[0]}")
    return seconds, size, peak


def _page_row(name: str, page_ms: float, base_ms: float, aim_ms: float) -> dict:
    return {
        "measure": f"{name}, ms per request",
        "value": f"{page_ms:.1f}",
        "baseline": f"{base_ms:.2f}",
        "ratio": f"{page_ms / base_ms:.1f}×",
        "aim": f"< {aim_ms:g} ms",
        "met": page_ms < aim_ms,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--lights", type=int, default=3_000)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    settings.ROOT_URLCONF = "benchmarks.urls"
    _empty_database()
    log(f"generating {args.lights:,} street lights…")
    lights_fill(args.lights)
    rows = []

    # Memory first at a tenth of the rows, then (after filling) at all of them.
    tenth = max(args.requests // 10, 1)
    requests_fill(tenth)
    csv_path = "/opendata/service-requests.csv"
    export(csv_path, traced=False)  # first-use costs (imports, translations) out of the peak
    log(f"exporting {tenth:,} requests as CSV with tracemalloc…")
    _s, small_size, small_peak = export(csv_path, traced=True)
    requests_fill(args.requests)
    log(f"exporting {args.requests:,} requests as CSV…")
    seconds, size, _p = export(csv_path, traced=False)
    log(f"exporting {args.requests:,} requests as CSV with tracemalloc…")
    _s, _size, peak = export(csv_path, traced=True)
    rows.append(
        {
            "measure": f"full CSV export of {args.requests:,} service requests "
            f"({size / 1e6:.1f} MB), s",
            "value": f"{seconds:.2f}",
            "aim": f"< {EXPORT_AIM_S} s",
            "met": seconds < EXPORT_AIM_S,
        }
    )
    growth = peak / small_peak if small_peak else float("inf")
    rows.append(
        {
            "measure": f"CSV export's peak memory (tracemalloc) at {args.requests:,} rows "
            f"vs {tenth:,} rows ({small_size / 1e6:.1f} MB), MB",
            "value": f"{peak / 1e6:.2f}",
            "baseline": f"{small_peak / 1e6:.2f}",
            "ratio": f"{growth:.2f}×",
            "aim": f"< {MEMORY_GROWTH_AIM:g}× for 10× the rows",
            "met": growth < MEMORY_GROWTH_AIM,
        }
    )

    baseline = Endpoint("/bench/minimal.json")
    anew = caches["responses"].clear  # the tiles and the catalogue read anew at each call
    pages = [
        ("/dashboard/", anew, f"dashboard read anew ({args.lights:,} lamps)", PAGE_AIM_MS),
        ("/dashboard/", None, "dashboard as kept (30 s)", PAGE_AIM_MS),
        ("/opendata/street-lights/", None, "street lights data page", PAGE_AIM_MS),
        ("/opendata/service-requests/", None, "service requests data page", PAGE_AIM_MS),
        (
            "/api/opendata/datasets/service-requests/rows?page=900&page_size=100",
            None,
            "rows API, page 900 of 100 service requests",
            PAGE_AIM_MS,
        ),
        ("/opendata/catalog.jsonld", anew, "DCAT-AP catalogue (JSON-LD) built", DCAT_AIM_MS),
        ("/opendata/catalog.rdf", anew, "DCAT-AP catalogue (RDF/XML) built", DCAT_AIM_MS),
    ]
    for path, before, name, aim in pages:
        log(f"measuring {name} …")
        page, base = interleaved(Endpoint(path, before=before), baseline, args.seconds)
        rows.append(_page_row(name, 1000 / page, 1000 / base, aim))
    print(json.dumps({"rows": rows}))


if __name__ == "__main__":
    main()
