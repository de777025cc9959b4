"""Reads of the operations app."""

from __future__ import annotations

import datetime

from django.utils import timezone

from smartcity.operations.models import ProcessHeartbeat


def heartbeats_current(*, kind: str | None = None) -> list[ProcessHeartbeat]:
    """Every process's last heartbeat (of one kind if given), newest first."""
    beats = ProcessHeartbeat.objects.order_by("-seen_at")
    if kind is not None:
        beats = beats.filter(kind=kind)
    return list(beats)


def heartbeat_age(*, kind: str) -> datetime.timedelta | None:
    """How long ago the liveliest process of `kind` was seen; None if none ever was."""
    newest = ProcessHeartbeat.objects.filter(kind=kind).order_by("-seen_at").first()
    return None if newest is None else timezone.now() - newest.seen_at
