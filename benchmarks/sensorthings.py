"""SensorThings API benchmarks, run in a child process on one database (see harness.py):
air-quality stations with hourly PM2.5 and PM10 for weeks, read as integrators do: one
series' latest page, each station with its latest values (a nested $expand), a filtered
page across every reading, and a count.

Prints progress on stderr and one JSON line of results on stdout. The sizes are options
(`--stations 20 --days 2` runs in seconds).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcity.config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks.service_requests import Endpoint, log, page_row  # noqa: E402
from smartcity.city import demo as city_demo  # noqa: E402
from smartcity.devices.models import Device  # noqa: E402
from smartcity.devices.storage import Row, rows_store  # noqa: E402

AIM_MS = 300


def database_fill(*, stations: int, days: int, seed: int = 1) -> tuple[Device, datetime.datetime]:
    """`stations` stations around the centre, PM2.5 and PM10 every hour for `days` days
    up to the last full hour."""
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    city_demo.city_load()
    rng = random.Random(seed)
    devices = Device.objects.bulk_create(
        Device(
            ref=f"AQ-BENCH-{n:04d}",
            device_type="AirQualityObserved",
            latitude=47.74 + rng.random() * 0.05,
            longitude=27.90 + rng.random() * 0.06,
        )
        for n in range(stations)
    )
    end = timezone.now().replace(minute=0, second=0, microsecond=0)
    hours = [end - datetime.timedelta(hours=h) for h in range(days * 24, 0, -1)]
    log(f"storing {stations * len(hours) * 2:,} readings …")
    for start in range(0, len(hours), 24):
        rows = [
            Row(device.pk, quantity, moment, round(rng.uniform(2, 120), 1))
            for moment in hours[start : start + 24]
            for device in devices
            for quantity in ("pm25", "pm10")
        ]
        with transaction.atomic():
            rows_store(rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return devices[0], hours[len(hours) // 2]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--stations", type=int, default=300)
    parser.add_argument("--days", type=int, default=60)
    args = parser.parse_args()
    settings.ROOT_URLCONF = "benchmarks.urls"
    settings.ALLOWED_HOSTS = ["*"]
    first, middle = database_fill(stations=args.stations, days=args.days)
    readings = args.stations * args.days * 24 * 2
    size = f"{args.stations} stations, {readings:,} readings"
    since = middle.strftime("%Y-%m-%dT%H:%M:%SZ")
    series = f"/sta/v1.1/Datastreams('{first.pk}-pm25')/Observations"
    baseline = Endpoint("/bench/minimal.json")
    latest = "Datastreams($expand=Observations($top=1;$orderby=phenomenonTime desc))"
    rows = [
        page_row(
            f"one series' latest 100 observations ({size})",
            f"{series}?$orderby=phenomenonTime%20desc&$top=100",
            baseline,
            args.seconds,
            AIM_MS,
        ),
        page_row(
            "100 stations, each series with its latest observation (nested $expand)",
            f"/sta/v1.1/Things?$top=100&$expand={latest}",
            baseline,
            args.seconds,
            AIM_MS,
        ),
        page_row(
            "100 readings over a threshold across the hub since a time, newest first",
            "/sta/v1.1/Observations?$filter=result%20gt%20110%20and%20phenomenonTime%20ge%20"
            f"{since}&$orderby=phenomenonTime%20desc&$top=100",
            baseline,
            args.seconds,
            AIM_MS,
        ),
        page_row(
            "one series' observations counted ($count=true)",
            f"{series}?$count=true&$top=1",
            baseline,
            args.seconds,
            AIM_MS,
        ),
    ]
    print(json.dumps({"rows": rows}))


if __name__ == "__main__":
    main()
