"""Two real worker processes share the schedule: every due time is enqueued once."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from smartcity.operations import schedule
from smartcity.operations.models import PeriodicRun
from tests.operations.processes import stop, wait_for, worker_start

pytestmark = [pytest.mark.real_time, pytest.mark.django_db(transaction=True)]


def test_two_workers_enqueue_each_job_once_per_due_time(tmp_path):
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    workers = [worker_start(log) for log in logs]
    try:
        # The start claims every job's latest due time; then the per-minute job's next
        # minute comes (at most a minute and a tick later).
        assert wait_for(
            lambda: PeriodicRun.objects.filter(job="alerts_periodic_evaluate").count() >= 2, 90
        ), [log.read_text() for log in logs]
        assert all(worker.poll() is None for worker in workers)
    finally:
        codes = [stop(worker) for worker in workers]
    assert codes == [0, 0]
    runs = {job.name: PeriodicRun.objects.filter(job=job.name).count() for job in schedule.jobs()}
    assert all(count >= 1 for count in runs.values()), runs
    assert runs["alerts_periodic_evaluate"] >= 2
    for job in schedule.jobs():
        enqueued = DBTaskResult.objects.filter(task_path=job.task.module_path).count()
        assert enqueued == runs[job.name], (job.name, enqueued, runs[job.name])
