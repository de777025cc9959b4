"""Periodic jobs: due at wall-clock times in Bălți, enqueued once per due time."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django_tasks_db.models import DBTaskResult

from smartcity.operations import schedule, services
from smartcity.operations.models import PeriodicRun
from smartcity.operations.schedule import PeriodicJob

CITY = zoneinfo.ZoneInfo("Europe/Chisinau")
NIGHTLY = PeriodicJob("nightly", "30 2 * * *", task=None)  # type: ignore[arg-type]


@pytest.fixture
def queue(settings):
    """Enqueued jobs wait in the database queue (counted, not run)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def local(*fields: int) -> datetime.datetime:
    return datetime.datetime(*fields, tzinfo=CITY)


def queued(name: str) -> int:
    (job,) = [job for job in schedule.jobs() if job.name == name]
    return DBTaskResult.objects.filter(task_path=job.task.module_path).count()


def test_a_nightly_time_is_the_citys_clock_in_summer_and_in_winter():
    # 02:30 in Bălți is 23:30 UTC in summer (UTC+3) and 00:30 UTC in winter (UTC+2).
    assert NIGHTLY.due_latest(local(2026, 7, 1, 2, 30)) == datetime.datetime(
        2026, 6, 30, 23, 30, tzinfo=datetime.UTC
    )
    assert NIGHTLY.due_latest(local(2026, 12, 1, 2, 30, 59)) == datetime.datetime(
        2026, 12, 1, 0, 30, tzinfo=datetime.UTC
    )


def test_before_its_time_a_nightly_job_is_still_due_from_the_night_before():
    assert NIGHTLY.due_latest(local(2026, 12, 1, 2, 29, 59)) == local(2026, 11, 30, 2, 30)


def test_every_job_has_a_valid_expression_and_a_unique_name():
    jobs = schedule.jobs()
    assert len({job.name for job in jobs}) == len(jobs)
    moment = local(2026, 12, 7, 12, 0)
    for job in jobs:
        assert job.due_latest(moment) <= moment


def test_each_job_is_enqueued_once_per_due_time_whoever_asks(queue, db):
    with time_machine.travel(local(2026, 12, 7, 12, 0, 10), tick=False):
        first = services.periodic_jobs_enqueue_due(worker="a")
        again = services.periodic_jobs_enqueue_due(worker="b")
    assert sorted(first) == sorted(job.name for job in schedule.jobs())
    assert again == []
    with time_machine.travel(local(2026, 12, 7, 12, 1, 3), tick=False):
        every_minute = [job.name for job in schedule.jobs() if job.cron == "* * * * *"]
        assert sorted(services.periodic_jobs_enqueue_due(worker="b")) == sorted(every_minute)
        assert services.periodic_jobs_enqueue_due(worker="a") == []
    assert queued("alerts_periodic_evaluate") == 2
    assert queued("raw_readings_prune") == 1
    assert PeriodicRun.objects.filter(job="alerts_periodic_evaluate").count() == 2


def test_a_job_runs_when_the_city_clock_reaches_its_time(queue, db):
    with time_machine.travel(local(2026, 12, 7, 9, 59, 30), tick=False):
        services.periodic_jobs_enqueue_due()
    assert queued("reminders_send_all") == 1  # yesterday's 10:00, as nobody had run it
    with time_machine.travel(local(2026, 12, 7, 9, 59, 55), tick=False):
        assert "reminders_send_all" not in services.periodic_jobs_enqueue_due()
    with time_machine.travel(local(2026, 12, 7, 10, 0, 5), tick=False):
        assert "reminders_send_all" in services.periodic_jobs_enqueue_due()
    assert list(
        PeriodicRun.objects.filter(job="reminders_send_all")
        .order_by("due_at")
        .values_list("due_at", flat=True)
    ) == [local(2026, 12, 6, 10, 0), local(2026, 12, 7, 10, 0)]


def test_runs_missed_while_every_worker_was_down_run_once_at_start(queue, db):
    with time_machine.travel(local(2026, 12, 1, 12, 0), tick=False):
        services.periodic_jobs_enqueue_due()
    # Three days and a half without a worker: three nights, 84 hours, 5,000 minutes.
    with time_machine.travel(local(2026, 12, 5, 0, 0), tick=False):
        services.periodic_jobs_enqueue_due()
    assert queued("raw_readings_prune") == 2
    assert queued("fix_checks_send") == 2
    assert queued("alerts_periodic_evaluate") == 2


def test_finished_task_results_are_pruned_after_the_kept_days(queue, db):
    with time_machine.travel(local(2026, 11, 1, 12, 0), tick=False):
        services.periodic_jobs_enqueue_due()
    DBTaskResult.objects.update(status="SUCCESSFUL", finished_at=local(2026, 11, 1, 12, 1))
    with time_machine.travel(local(2026, 11, 20, 12, 0), tick=False):
        services.periodic_jobs_enqueue_due()  # these stay queued, young
        old_run = PeriodicRun.objects.filter(due_at__lt=local(2026, 11, 2)).count()
        assert old_run == len(schedule.jobs())
        deleted = services.task_results_prune(days=14, batch_size=2)
    assert deleted == len(schedule.jobs())
    assert DBTaskResult.objects.count() == len(schedule.jobs())
    assert not DBTaskResult.objects.filter(finished_at__isnull=False).exists()
    assert not PeriodicRun.objects.filter(due_at__lt=local(2026, 11, 2)).exists()
    assert PeriodicRun.objects.count() == len(schedule.jobs())


def test_the_pruning_job_keeps_the_setting_s_days(queue, db, settings):
    from smartcity.operations import tasks

    settings.SMARTCITY_TASK_RESULTS_DAYS = 30
    with time_machine.travel(local(2026, 11, 1, 12, 0), tick=False):
        services.periodic_jobs_enqueue_due()
    DBTaskResult.objects.update(status="SUCCESSFUL", finished_at=local(2026, 11, 1, 12, 1))
    with time_machine.travel(local(2026, 11, 20, 12, 0), tick=False):
        assert tasks.task_results_prune.call() == 0
    with time_machine.travel(local(2026, 12, 2, 12, 0), tick=False):
        assert tasks.task_results_prune.call() == len(schedule.jobs())
