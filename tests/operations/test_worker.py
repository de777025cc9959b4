"""`smartcity worker` as a real process: it stops gracefully and outlives the database."""

from __future__ import annotations

import datetime
import time

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from smartcity.operations.models import ProcessHeartbeat
from tests.operations import jobs
from tests.operations.processes import (
    backends_terminate,
    database_down,
    stop,
    wait_for,
    worker_start,
)

pytestmark = [pytest.mark.real_time, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def queue(settings):
    """Tasks enqueued by the test go to the database queue that the worker reads."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def status_of(result) -> str:
    return DBTaskResult.objects.get(pk=result.id).status


def test_sigterm_lets_the_running_task_finish_and_the_worker_exit_0(queue, tmp_path):
    log = tmp_path / "worker.log"
    worker = worker_start(log)
    try:
        mark = tmp_path / "nap"
        result = jobs.nap.enqueue(3.0, str(mark))
        assert wait_for(mark.with_suffix(".started").exists, 60), log.read_text()
        code = stop(worker, 30)
    finally:
        stop(worker)
    assert code == 0, log.read_text()
    assert mark.read_text() == "done"
    assert status_of(result) == TaskResultStatus.SUCCESSFUL


def test_an_idle_worker_stops_at_once_on_sigterm(queue, tmp_path):
    log = tmp_path / "worker.log"
    worker = worker_start(log)
    try:
        assert wait_for(lambda: "started" in log.read_text(), 60), log.read_text()
        code = stop(worker, 5)
    finally:
        stop(worker)
    assert code == 0, log.read_text()


def test_a_worker_writes_its_heartbeat(queue, tmp_path):
    log = tmp_path / "worker.log"
    worker = worker_start(log, "--heartbeat-seconds", "0.5")
    try:
        assert wait_for(ProcessHeartbeat.objects.filter(kind="worker").exists, 60), log.read_text()
        beat = ProcessHeartbeat.objects.get(kind="worker")
        assert beat.pid == worker.pid
        first = beat.seen_at
        assert wait_for(lambda: ProcessHeartbeat.objects.get(kind="worker").seen_at > first, 10)
    finally:
        stop(worker)


@pytest.mark.postgresql
def test_a_worker_whose_connections_are_killed_goes_on_running_tasks(queue, tmp_path):
    log = tmp_path / "worker.log"
    worker = worker_start(log, "--heartbeat-seconds", "0.5")
    try:
        first = jobs.nap.enqueue(0.0, str(tmp_path / "first"))
        assert wait_for(lambda: status_of(first) == TaskResultStatus.SUCCESSFUL, 60), (
            log.read_text()
        )
        assert backends_terminate() >= 1
        with database_down():
            time.sleep(3)  # the worker's looks at the queue and its heartbeats all fail
        killed_at = datetime.datetime.now(datetime.UTC)
        after = jobs.nap.enqueue(0.0, str(tmp_path / "after"))
        assert wait_for(lambda: status_of(after) == TaskResultStatus.SUCCESSFUL, 60), (
            log.read_text()
        )
        assert worker.poll() is None, log.read_text()
        assert wait_for(
            lambda: ProcessHeartbeat.objects.get(kind="worker").seen_at > killed_at, 20
        ), log.read_text()
    finally:
        code = stop(worker)
    assert code == 0, log.read_text()


@pytest.mark.postgresql
def test_a_task_whose_connection_is_killed_is_recorded_failed_and_the_worker_goes_on(
    queue, tmp_path
):
    log = tmp_path / "worker.log"
    worker = worker_start(log)
    try:
        mark = tmp_path / "query"
        killed = jobs.nap_then_query.enqueue(2.0, str(mark))
        assert wait_for(mark.with_suffix(".started").exists, 60), log.read_text()
        backends_terminate()  # under the task, before its query
        assert wait_for(lambda: status_of(killed) == TaskResultStatus.FAILED, 30), log.read_text()
        after = jobs.nap.enqueue(0.0, str(tmp_path / "after"))
        assert wait_for(lambda: status_of(after) == TaskResultStatus.SUCCESSFUL, 30), (
            log.read_text()
        )
    finally:
        code = stop(worker)
    assert code == 0, log.read_text()
