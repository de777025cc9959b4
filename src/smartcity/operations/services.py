"""Writes of the operations app."""

from __future__ import annotations

import datetime
import os
import socket

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from smartcity.operations import schedule
from smartcity.operations.models import PeriodicRun, ProcessHeartbeat


def heartbeat_beat(
    *,
    kind: str,
    name: str,
    started_at: datetime.datetime,
    details: dict | None = None,
) -> None:
    """Record that the process `kind`/`name` is alive now (one upsert, no transaction of
    its own: a heartbeat that fails because the database is down is simply missed)."""
    ProcessHeartbeat.objects.update_or_create(
        kind=kind,
        name=name,
        defaults={
            "host": socket.gethostname()[:120],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": timezone.now(),
            "details": details or {},
        },
    )


def heartbeat_forget(*, kind: str, name: str) -> None:
    """A process that stops on purpose takes its heartbeat away: it is not gone, it was
    stopped (a worker scaled down would otherwise count as silent for ever)."""
    ProcessHeartbeat.objects.filter(kind=kind, name=name).delete()


def periodic_jobs_enqueue_due(
    *, worker: str = "", now: datetime.datetime | None = None
) -> list[str]:
    """Enqueue each periodic job whose latest due time (at or before `now`) nobody has
    claimed yet; return the names of the jobs this call enqueued.

    Exactly one caller wins a due time, however many workers ask at once: the claim is an
    insert under the (job, due time) unique constraint, committed with the enqueued task.
    Only the latest due time is considered, so a job missed while every worker was down
    runs once when one starts, not once per missed time.
    """
    now = now or timezone.now()
    enqueued = []
    for job in schedule.jobs():
        due_at = job.due_latest(now)
        if PeriodicRun.objects.filter(job=job.name, due_at=due_at).exists():
            continue  # the usual case: skip the failed insert and its logged error
        try:
            with transaction.atomic():
                PeriodicRun.objects.create(job=job.name, due_at=due_at, worker=worker[:120])
                job.task.enqueue()
        except IntegrityError:
            continue  # another worker claimed it between our look and our insert
        enqueued.append(job.name)
    return enqueued


def task_results_prune(*, days: int, batch_size: int = 5000) -> int:
    """Delete the results of tasks finished more than `days` ago, and the claims of
    periodic runs as old; in batches, so no long lock is held. Returns results deleted."""
    cutoff = timezone.now() - datetime.timedelta(days=days)
    finished = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff)
    deleted = 0
    while ids := list(finished.values_list("pk", flat=True)[:batch_size]):
        deleted += DBTaskResult.objects.filter(pk__in=ids).delete()[0]
    PeriodicRun.objects.filter(enqueued_at__lt=cutoff).delete()
    return deleted
