"""Writes of the operations app."""

from __future__ import annotations

import datetime
import os
import socket

from django.utils import timezone

from smartcity.operations.models import ProcessHeartbeat


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
