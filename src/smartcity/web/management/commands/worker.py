"""`smartcity worker`: runs background tasks and enqueues the periodic ones when due.

The task queue lives in the database (django-tasks-db), so the default install needs no
broker. Any number of workers may run: each periodic job is enqueued once per due time
(smartcity.operations.schedule), by whichever worker claims it first. A worker outlives a
database restart and stops gracefully on SIGTERM (smartcity.operations.worker).
"""

from __future__ import annotations

import signal

from django.core.management.base import BaseCommand, CommandParser
from django.utils.crypto import get_random_string
from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from smartcity.operations.worker import HEARTBEAT_SECONDS, Beat, ResilientWorker, worker_name


class Command(BaseCommand):
    help = "Run the background task worker (emails, alerts, periodic jobs)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between looks at an empty queue"
        )
        parser.add_argument(
            "--heartbeat-seconds",
            type=float,
            default=HEARTBEAT_SECONDS,
            help="seconds between two heartbeats (readiness checks want one within 2 minutes)",
        )

    def handle(
        self,
        *args: object,
        batch: bool,
        interval: float,
        heartbeat_seconds: float,
        **options: object,
    ) -> None:
        # The library's task log lines (started, finished, failed), on this command's output.
        # The stubs ask for a TextIO; Django takes any stream, and an OutputWrapper is one.
        command = DbWorkerCommand(stdout=self.stdout)  # type: ignore[arg-type]
        command.configure_logging(int(str(options["verbosity"])))
        name = worker_name()
        worker = ResilientWorker(
            queue_names=[DEFAULT_TASK_QUEUE_NAME],
            interval=interval,
            batch=batch,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=None,
            # Unique across the pool even when a pid is reused on another host's restart.
            worker_id=f"{name}:{get_random_string(8)}"[:64],
            excluded_queue_names=[],
        )
        beat = Beat(
            name=name, tasks_run=lambda: worker.tasks_run, heartbeat_seconds=heartbeat_seconds
        )
        if batch:
            beat.tick()  # what is due now joins the batch
        else:
            beat.start()
        self.stdout.write(f"Worker {name} started.")
        kept = {
            number: signal.getsignal(number)
            for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
        }
        worker.configure_signals()
        try:
            worker.run()
        finally:
            beat.stop.set()
            for number, handler in kept.items():  # as they were (run in-process by tests)
                signal.signal(number, handler)
        self.stdout.write(f"Worker {name} stopped.")
