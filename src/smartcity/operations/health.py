"""Readiness: whether this installation can serve the city right now.

Each check answers in a few milliseconds (one cheap query at most), because load
balancers and systemd watchdogs ask every few seconds.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from django.conf import settings
from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from smartcity.operations.models import ProcessHeartbeat

# The worker beats every few seconds; two minutes of silence means it is gone or stuck.
WORKER_SILENCE = datetime.timedelta(minutes=2)
# Readings waiting longer than this between the broker and the database: ingest is behind.
INGEST_LAG_SECONDS = 60.0


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str

    def as_json(self) -> dict[str, object]:
        return {"ok": self.ok, "detail": self.detail}


def database_check() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return Check("database", False, str(error).strip()[:200])
    return Check("database", True, connection.vendor)


@functools.cache
def _migrations_on_disk() -> frozenset[tuple[str, str]]:
    """Every migration of the graph, read once per process: the files do not change while
    it runs, and building the graph costs far more than the probe's other checks."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def migrations_check() -> Check:
    # Every migration of the graph, not the plan to the leaves: the plan skips the
    # ancestors of an applied leaf, so a lost record of an earlier one would go unseen.
    applied = MigrationRecorder(connection).applied_migrations()
    pending = sorted(key for key in _migrations_on_disk() if key not in applied)
    if pending:
        names = ", ".join(f"{app}.{name}" for app, name in pending[:5])
        return Check("migrations", False, f"{len(pending)} not applied: {names}")
    return Check("migrations", True, "all applied")


def cache_table_check() -> Check:
    """The rate limits and submission tokens live in the cache: without its table the
    first report answers 500, so the process is not ready."""
    cache = settings.CACHES["default"]
    if cache["BACKEND"] != f"{DatabaseCache.__module__}.{DatabaseCache.__qualname__}":
        return Check("cache_table", True, "not a database cache")
    table = cache["LOCATION"]
    if table in connection.introspection.table_names():
        return Check("cache_table", True, table)
    return Check("cache_table", False, f"{table} missing: run `smartcity createcachetable`")


def worker_check(*, now: datetime.datetime) -> Check:
    newest = (
        ProcessHeartbeat.objects.filter(kind=ProcessHeartbeat.Kind.WORKER)
        .order_by("-seen_at")
        .first()
    )
    if newest is None:
        return Check("worker", False, "no worker has ever reported")
    age = (now - newest.seen_at).total_seconds()
    if now - newest.seen_at > WORKER_SILENCE:
        return Check("worker", False, f"{newest.name} silent for {age:.0f} s")
    return Check("worker", True, f"{newest.name} seen {age:.0f} s ago")


def ingest_check(*, now: datetime.datetime) -> Check:
    """Ingest lag as each ingest worker (devices' and vehicles') reports it in its
    heartbeat's `lag_seconds`: how long the oldest message it received has waited unstored.

    No ingest worker is fine (an installation with HTTP ingestion only); a worker that
    went silent or reports a lag past `INGEST_LAG_SECONDS` is not."""
    kinds = (ProcessHeartbeat.Kind.INGEST, ProcessHeartbeat.Kind.TRANSIT_INGEST)
    beats = list(ProcessHeartbeat.objects.filter(kind__in=kinds))
    if not beats:
        return Check("ingest", True, "no ingest worker")
    late = []
    for beat in beats:
        lag = beat.details.get("lag_seconds") if isinstance(beat.details, dict) else None
        if now - beat.seen_at > WORKER_SILENCE:
            late.append(f"{beat.name} silent for {(now - beat.seen_at).total_seconds():.0f} s")
        elif isinstance(lag, int | float) and lag > INGEST_LAG_SECONDS:
            late.append(f"{beat.name} {lag:.0f} s behind")
    if late:
        return Check("ingest", False, "; ".join(late))
    return Check("ingest", True, f"{len(beats)} worker(s) current")


def readiness() -> list[Check]:
    """Every check, in order; the ones after the database are skipped when it is down."""
    first = database_check()
    if not first.ok:
        return [first]
    now = timezone.now()
    checks = [first]
    for check in (migrations_check, cache_table_check):
        checks.append(_guarded(check.__name__, check))
    checks.append(_guarded("worker_check", lambda: worker_check(now=now)))
    checks.append(_guarded("ingest_check", lambda: ingest_check(now=now)))
    return checks


def _guarded(name: str, check) -> Check:
    # A missing table (before `migrate`) must read as a failed check, not a 500.
    try:
        return check()
    except DatabaseError as error:
        return Check(name.removesuffix("_check"), False, str(error).strip()[:200])
