"""`smartcity worker`: runs background tasks and schedules the periodic ones.

The task queue lives in the database (django-tasks-db), so the default install needs no
broker. Periodic jobs are enqueued by this process on a timer; several workers may run
(every periodic job is idempotent, so a double enqueue only costs a query).
"""

from __future__ import annotations

import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from smartcity.devices import tasks as device_tasks
from smartcity.service_requests import tasks as request_tasks
from smartcity.skills import tasks as skills_tasks
from smartcity.strategy import tasks as strategy_tasks
from smartcity.transit.realtime import tasks as transit_tasks

# (job, seconds between runs)
PERIODIC = [
    (request_tasks.fix_checks_send, 3600.0),
    (device_tasks.alerts_periodic_evaluate, 60.0),
    (device_tasks.broker_auth_sync, 60.0),
    (device_tasks.raw_readings_prune, 24 * 3600.0),
    (strategy_tasks.indicators_compute, 6 * 3600.0),
    (skills_tasks.reminders_send_all, 24 * 3600.0),
    (transit_tasks.vehicle_positions_prune, 24 * 3600.0),
]


class Command(BaseCommand):
    help = "Run the background task worker (emails, alerts, periodic checks)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")

    def handle(self, *args: object, batch: bool, **options: object) -> None:
        due = {job: 0.0 for job, _period in PERIODIC}
        stop = threading.Event()

        def enqueue_due() -> None:
            now = time.monotonic()
            for job, period in PERIODIC:
                if now >= due[job]:
                    job.enqueue()
                    due[job] = now + period

        enqueue_due()
        if not batch:

            def loop() -> None:
                while not stop.wait(5.0):
                    close_old_connections()  # this thread's connection may have timed out
                    enqueue_due()

            threading.Thread(target=loop, name="periodic-jobs", daemon=True).start()
        try:
            call_command(
                "db_worker",
                batch=batch,
                no_startup_delay=True,
                verbosity=options.get("verbosity", 1),
            )
        finally:
            stop.set()
