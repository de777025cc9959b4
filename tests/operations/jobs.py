"""Tasks the worker tests enqueue: a nap of a few seconds that leaves a mark when done."""

from __future__ import annotations

import time
from pathlib import Path

from django.db import connection
from django_tasks import task


@task()
def nap(seconds: float, mark: str) -> str:
    Path(mark).with_suffix(".started").write_text("started")
    time.sleep(seconds)
    Path(mark).write_text("done")
    return "rested"


@task()
def nap_then_query(seconds: float, mark: str) -> int:
    """A task that holds the worker's connection: a query, a nap, a query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    Path(mark).with_suffix(".started").write_text("started")
    time.sleep(seconds)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 2")
        return cursor.fetchone()[0]
