"""The figures `/metrics` reads from the database at scrape time.

They are the same whichever web process answers the scrape, and they cover the processes
that serve no HTTP (the task worker, the ingest workers): those write what they do to the
database (task results, readings, refusal counts, heartbeats), which is read here.
A scrape costs a handful of small queries.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterator

from django.db import DatabaseError
from django.db.models import Count, Min
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.metrics_core import Metric

from smartcity.devices import ingest_figures
from smartcity.operations.health import WORKER_SILENCE
from smartcity.operations.models import ProcessHeartbeat

RECENT = datetime.timedelta(minutes=5)


def _tasks(now: datetime.datetime) -> Iterator[Metric]:
    tasks = GaugeMetricFamily(
        "smartcity_tasks",
        "Background tasks by status (finished ones are kept SMARTCITY_TASK_RESULTS_DAYS).",
        labels=["status"],
    )
    counted = dict.fromkeys(TaskResultStatus.values, 0)
    counted.update(DBTaskResult.objects.order_by().values_list("status").annotate(n=Count("pk")))
    for status, n in counted.items():
        tasks.add_metric([status.lower()], n)
    yield tasks
    oldest = DBTaskResult.objects.ready().aggregate(oldest=Min("enqueued_at"))["oldest"]
    yield GaugeMetricFamily(
        "smartcity_task_queue_age_seconds",
        "How long the oldest task that could run has waited for a worker (0: none waits).",
        value=0.0 if oldest is None else max((now - oldest).total_seconds(), 0.0),
    )


def _readings(now: datetime.datetime) -> Iterator[Metric]:
    refused = CounterMetricFamily(
        "smartcity_readings_refused",
        "Device readings refused since the installation began, by reason.",
        labels=["reason"],
    )
    for reason, n in ingest_figures.readings_refused_by_reason().items():
        refused.add_metric([reason], n)
    yield refused
    yield GaugeMetricFamily(
        "smartcity_reading_values_last_5m",
        "Values stored (one per quantity of a reading) observed in the last five minutes.",
        value=ingest_figures.reading_values_observed_since(now - RECENT),
    )
    newest = ingest_figures.reading_newest_observed_at()
    yield GaugeMetricFamily(
        "smartcity_reading_newest_age_seconds",
        "Age of the newest stored reading (+Inf before the first).",
        value=math.inf if newest is None else max((now - newest).total_seconds(), 0.0),
    )


def _heartbeats(now: datetime.datetime) -> Iterator[Metric]:
    age = GaugeMetricFamily(
        "smartcity_heartbeat_age_seconds",
        "Seconds since the liveliest process of each kind last reported (worker: +Inf if "
        "none ever did).",
        labels=["kind"],
    )
    lag = GaugeMetricFamily(
        "smartcity_ingest_lag_seconds",
        "The longest an ingest worker heard from in the last two minutes has held a "
        "message unstored, as it reports it (the figure /readyz judges).",
        labels=["kind"],
    )
    backlog = GaugeMetricFamily(
        "smartcity_ingest_backlog",
        "Messages waiting for the ingest workers heard from in the last two minutes, as "
        "they report them.",
        labels=["kind"],
    )
    youngest: dict[str, datetime.datetime] = {}
    lags: dict[str, list[float]] = {}
    backlogs: dict[str, list[float]] = {}
    for beat in ProcessHeartbeat.objects.only("kind", "seen_at", "details"):
        if beat.kind not in youngest or beat.seen_at > youngest[beat.kind]:
            youngest[beat.kind] = beat.seen_at
        details = beat.details if isinstance(beat.details, dict) else {}
        if now - beat.seen_at <= WORKER_SILENCE:
            _add_number(lags, beat.kind, details.get("lag_seconds"))
            _add_number(backlogs, beat.kind, details.get("backlog"))
    if ProcessHeartbeat.Kind.WORKER not in youngest:
        age.add_metric([ProcessHeartbeat.Kind.WORKER], math.inf)
    for kind, seen_at in sorted(youngest.items()):
        age.add_metric([kind], max((now - seen_at).total_seconds(), 0.0))
    for kind, values in sorted(lags.items()):
        lag.add_metric([kind], max(values))
    for kind, values in sorted(backlogs.items()):
        backlog.add_metric([kind], sum(values))
    yield from (age, lag, backlog)


def _add_number(into: dict[str, list[float]], kind: str, value: object) -> None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        into.setdefault(kind, []).append(float(value))


class DatabaseFigures:
    """A prometheus_client collector (anything with `collect()`), read anew each scrape."""

    def collect(self) -> Iterator[Metric]:
        now = timezone.now()
        try:
            metrics = [*_tasks(now), *_readings(now), *_heartbeats(now)]
        except DatabaseError:
            # The database down must not hide the web processes' own series: those then
            # tell how the requests failed. `smartcity_database_up` says why figures lack.
            yield GaugeMetricFamily("smartcity_database_up", "The database answered.", value=0)
            return
        yield GaugeMetricFamily("smartcity_database_up", "The database answered.", value=1)
        yield from metrics
