"""Appointments benchmark, run in a child process on one database (see harness.py):
1,000 concurrent booking requests for 100 slots through the booking service, from a pool
of threads each with its own database connection. Expected: exactly 100 bookings, 900
clear refusals ("that time was just taken"), no error. The speed figure is per request,
against the baseline of the same 100 slots booked one after another without contention.

Prints progress on stderr and one JSON line of results on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from concurrent.futures import ThreadPoolExecutor

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcity.config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402

from benchmarks.service_requests import log  # noqa: E402
from smartcity.appointments import services, slots  # noqa: E402
from smartcity.appointments.models import Booking, DeskService, FrontDesk  # noqa: E402
from smartcity.city import demo as city_demo  # noqa: E402
from smartcity.city.models import Department  # noqa: E402
from smartcity.public_services import demo as catalogue_demo  # noqa: E402
from smartcity.public_services.models import Service  # noqa: E402

SLOTS, REQUESTS, THREADS = 100, 1_000, 32


def database_fill() -> list[DeskService]:
    """Two desks (one for the contended run, one for the baseline), each with 100 slots."""
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    city_demo.city_load()
    catalogue_demo.catalogue_load()
    service = Service.objects.get(slug="certificat-urbanism")
    department = Department.objects.get(slug="arhitectura")
    made = []
    for number in (1, 2):
        desk = FrontDesk.objects.create(
            number=number,
            name=f"Ghișeul {number}",
            place="Piața Independenței 1",
            department=department,
        )
        made.append(DeskService.objects.create(desk=desk, service=service, slot_minutes=15))
    return made


def hundred_slots(desk_service: DeskService) -> list[slots.Slot]:
    found: list[slots.Slot] = []
    for day in slots.booking_days()[1:]:
        found += slots.free_slots(desk_service, day)
        if len(found) >= SLOTS:
            return found[:SLOTS]
    raise SystemExit("fewer than 100 slots in the booking weeks")


def attempt(desk_service: DeskService, slot: slots.Slot, n: int) -> str:
    try:
        services.booking_create(
            desk_service=desk_service,
            starts_at=slot.starts_at,
            name=f"Locuitor {n}",
            phone="+373 231 00000",
        )
        return "booked"
    except services.SlotTakenError:
        return "taken"
    except Exception as error:  # noqa: BLE001 - counted as an error, reported below
        return f"error: {error!r}"
    finally:
        connections.close_all()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)  # the harness passes it
    parser.parse_args()
    contended, baseline = database_fill()
    targets, base_slots = hundred_slots(contended), hundred_slots(baseline)
    log(f"booking {SLOTS} slots one after another (baseline)…")
    start = time.perf_counter()
    base_outcomes = [attempt(baseline, slot, n) for n, slot in enumerate(base_slots)]
    base_ms = 1000 * (time.perf_counter() - start) / SLOTS
    log(f"{REQUESTS:,} concurrent requests for {SLOTS} slots on {THREADS} threads…")
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        outcomes = list(
            pool.map(lambda n: attempt(contended, targets[n % SLOTS], n), range(REQUESTS))
        )
    elapsed = time.perf_counter() - start
    booked = Booking.objects.filter(desk=contended.desk, status="booked").count()
    taken = outcomes.count("taken")
    errors = [o for o in outcomes if o.startswith("error")]
    per_request_ms = 1000 * elapsed / REQUESTS
    log(f"bookings {booked}, refused {taken}, errors {len(errors)}; {elapsed:.2f} s")
    if errors:
        log(f"first error: {errors[0]}")
    rows = [
        {
            "measure": f"appointments: {REQUESTS:,} concurrent booking requests for {SLOTS} "
            f"slots ({THREADS} threads, {connection.vendor}): bookings / refused / errors",
            "value": f"{booked} / {taken} / {len(errors)}",
            "aim": f"{SLOTS} / {REQUESTS - SLOTS} / 0",
            "met": booked == SLOTS
            and taken == REQUESTS - SLOTS
            and not errors
            and base_outcomes.count("booked") == SLOTS,
        },
        {
            "measure": "appointments: ms per contended booking request; baseline: ms per "
            "uncontended booking, one after another",
            "value": f"{per_request_ms:.1f}",
            "baseline": f"{base_ms:.1f}",
            "ratio": f"{per_request_ms / base_ms:.2f}×",
            "aim": "< 3× the baseline",
            "met": per_request_ms < 3 * base_ms,
        },
    ]
    print(json.dumps({"rows": rows}))


if __name__ == "__main__":
    main()
