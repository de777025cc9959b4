"""Public services benchmarks, run in a child process on one database (see harness.py):
50,000 applications in one department's register; that department's staff queue (open
papers by nearest deadline, 50 a page), its overdue filter and a far page, against the
bare baseline in the same run.

Prints progress on stderr and one JSON line of results on stdout.
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
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks.service_requests import Endpoint, interleaved, log, staff_cookie  # noqa: E402
from smartcity.city import demo as city_demo  # noqa: E402
from smartcity.city.models import Department  # noqa: E402
from smartcity.public_services import demo  # noqa: E402
from smartcity.public_services.models import Application, Service  # noqa: E402
from smartcity.service_requests import demo as requests_demo  # noqa: E402

APPLICATIONS = 50_000
PAGE_AIM_MS = 100
DEPARTMENT = "arhitectura"


def database_fill(seed: int = 1) -> None:
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    city_demo.city_load()
    requests_demo.categories_load()
    demo.catalogue_load()
    rng = random.Random(seed)
    department = Department.objects.get(slug=DEPARTMENT)
    services = list(Service.objects.filter(department=department))
    resident = get_user_model().objects.create_user("rezident-bench", email="r@example.md")
    now = timezone.now()
    statuses = list(Application.Status.values)
    log(f"generating {APPLICATIONS:,} applications in one department…")
    batch = []
    for n in range(APPLICATIONS):
        registered = now - datetime.timedelta(minutes=13 * n)
        deadline = timezone.localtime(registered).date() + datetime.timedelta(days=30)
        batch.append(
            Application(
                kind=Application.Kind.SERVICE,
                service=rng.choice(services),
                department=department,
                applicant=resident,
                applicant_name=f"Solicitant {n}",
                idnp=f"{2000000000000 + n}",
                email="r@example.md",
                register_code="ARH",
                year=registered.year,
                sequence=n + 1,
                number=f"ARH-B/{n + 1:06d}",
                registered_at=registered,
                legal_deadline=deadline,
                deadline=deadline,
                status=rng.choice(statuses),
            )
        )
        if len(batch) == 5_000:
            Application.objects.bulk_create(batch)
            batch = []
    Application.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE public_services_application")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    settings.ROOT_URLCONF = "benchmarks.urls"
    database_fill()
    cookie = staff_cookie()
    baseline = Endpoint("/bench/minimal.json")
    queue = f"/services/staff/{DEPARTMENT}/"
    rows = []
    for query, name in (
        ("", "open papers, first page"),
        ("?view=overdue", "overdue papers"),
        ("?view=all&page=900", "all papers, page 900"),
    ):
        log(f"measuring {queue + query} …")
        page, base = interleaved(Endpoint(queue + query, cookie=cookie), baseline, args.seconds)
        page_ms, base_ms = 1000 / page, 1000 / base
        rows.append(
            {
                "measure": f"staff queue of {APPLICATIONS:,} applications, {name}, ms per request",
                "value": f"{page_ms:.1f}",
                "baseline": f"{base_ms:.2f}",
                "ratio": f"{page_ms / base_ms:.1f}×",
                "aim": f"< {PAGE_AIM_MS} ms",
                "met": page_ms < PAGE_AIM_MS,
            }
        )
    print(json.dumps({"rows": rows}))


if __name__ == "__main__":
    main()
