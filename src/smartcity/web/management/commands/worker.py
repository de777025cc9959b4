"""`smartcity worker`: runs background tasks and schedules the periodic ones.

The task queue lives in the database (django-tasks-db), so the default install needs no
broker. Periodic jobs are enqueued by this process on a timer; several workers may run
(every periodic job is idempotent, so a double enqueue only costs a query).
"""

from __future__ import annotations

import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from smartcity.service_requests import tasks as request_tasks

PERIODIC = [request_tasks.fix_checks_send]


def _enqueue_periodic() -> None:
    for job in PERIODIC:
        job.enqueue()


class Command(BaseCommand):
    help = "Run the background task worker (emails, periodic checks)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")
        parser.add_argument(
            "--period", type=float, default=3600.0, help="seconds between periodic jobs"
        )

    def handle(self, *args: object, batch: bool, period: float, **options: object) -> None:
        _enqueue_periodic()
        stop = threading.Event()
        if not batch:

            def loop() -> None:
                while not stop.wait(period):
                    close_old_connections()  # this thread's connection may have timed out
                    _enqueue_periodic()

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
