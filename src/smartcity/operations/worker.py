"""The task worker's loop: django-tasks-db's worker made to outlive the database.

django-tasks-db's `db_worker` lets a lost connection escape its loop, so a database
restart (or `pg_terminate_backend`) ended the process for good. Here the loop is restarted
after a pause once the database answers again, and a second thread writes the worker's
heartbeat and enqueues the periodic jobs that fall due; that thread survives the same faults.

On SIGTERM or SIGINT the worker finishes the task it is running and exits 0 (an idle
worker exits at once); a second signal abandons the task.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable

from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections
from django.db import connection as db_connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from smartcity.operations import services
from smartcity.operations.models import ProcessHeartbeat

log = logging.getLogger("smartcity.worker")

# A lost or refused connection; anything else is a bug and should stop the process.
CONNECTION_ERRORS = (OperationalError, InterfaceError)
RECONNECT_SECONDS = 2.0
TICK_SECONDS = 5.0
HEARTBEAT_SECONDS = 15.0


def worker_name() -> str:
    """This process's name in heartbeats and claims: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


class ResilientWorker(Worker):
    """django-tasks-db's worker whose loop resumes after the database comes back."""

    def __init__(self, *, reconnect_seconds: float = RECONNECT_SECONDS, **options: object):
        super().__init__(**options)  # type: ignore[arg-type]
        self.reconnect_seconds = reconnect_seconds
        self.tasks_run = 0

    def run(self) -> None:
        while True:
            try:
                super().run()
                return
            except CONNECTION_ERRORS as error:
                if not self.running:  # stopping anyway: nothing left to finish
                    return
                log.warning("database unreachable (%s); retrying", str(error).strip())
                connections_drop()
                time.sleep(self.reconnect_seconds)

    def run_task(self, db_task_result) -> None:  # noqa: ANN001 (the library's model)
        try:
            super().run_task(db_task_result)
        except CONNECTION_ERRORS as error:
            # The connection died under the task, so its failure could not be recorded
            # either: record it on a new connection, or the result would stay "running".
            log.warning("task %s lost the database (%s)", db_task_result.pk, error)
            connections_drop()
            time.sleep(self.reconnect_seconds)
            db_task_result.set_failed(error)
        finally:
            self.tasks_run += 1


def connections_drop() -> None:
    """Close this thread's connection so the next query opens a new one."""
    try:
        db_connection.close()
    except DatabaseError:
        pass  # closing a dead connection may itself fail; it is gone either way


class Beat:
    """The worker's second thread: heartbeat and periodic jobs, on the wall clock."""

    def __init__(
        self,
        *,
        name: str,
        tasks_run: Callable[[], int],
        tick_seconds: float = TICK_SECONDS,
        heartbeat_seconds: float = HEARTBEAT_SECONDS,
    ) -> None:
        self.name = name
        self.tasks_run = tasks_run
        self.tick_seconds = tick_seconds
        self.heartbeat_seconds = heartbeat_seconds
        self.started_at = timezone.now()
        self.stop = threading.Event()
        self._last_beat = 0.0

    def tick(self) -> None:
        """One round: the heartbeat when due, then the periodic jobs now due."""
        close_old_connections()  # drops a connection a failed query left unusable
        if time.monotonic() - self._last_beat >= self.heartbeat_seconds:
            services.heartbeat_beat(
                kind=ProcessHeartbeat.Kind.WORKER,
                name=self.name,
                started_at=self.started_at,
                details={"tasks_run": self.tasks_run()},
            )
            self._last_beat = time.monotonic()
        for job in services.periodic_jobs_enqueue_due(worker=self.name):
            log.info("enqueued periodic job %s", job)

    def loop(self) -> None:
        while not self.stop.is_set():
            try:
                self.tick()
            except CONNECTION_ERRORS as error:
                log.warning("heartbeat/schedule: database unreachable (%s)", str(error).strip())
                connections_drop()
            except Exception:  # a bad job must not silence the heartbeat
                log.exception("heartbeat/schedule round failed")
            self.stop.wait(self.tick_seconds)

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.loop, name="worker-beat", daemon=True)
        thread.start()
        return thread
