"""Reads of the ingestion path's figures, for `/metrics` (smartcity.operations.figures).

Each is one cheap query, since a scraper asks every few seconds: the raw readings table
is the largest of the platform, so it is read only through its `observed_at` index.
"""

from __future__ import annotations

import datetime

from django.db.models import Max, Sum

from smartcity.devices.models import Reading, RejectedReadings


def readings_refused_by_reason() -> dict[str, int]:
    """Readings refused since the installation began, by reason (every reason listed).

    The counts only grow (`rejections_count` adds to them), from MQTT and HTTP alike."""
    counted = {reason: 0 for reason in RejectedReadings.Reason.values}
    for row in RejectedReadings.objects.values("reason").annotate(total=Sum("count")):
        counted[row["reason"]] = int(row["total"] or 0)
    return counted


def reading_values_observed_since(moment: datetime.datetime) -> int:
    """Values stored (one per quantity of a reading) observed at or after `moment`."""
    return Reading.objects.filter(observed_at__gte=moment).count()


def reading_newest_observed_at() -> datetime.datetime | None:
    """The observation time of the newest stored value; None before the first."""
    return Reading.objects.aggregate(newest=Max("observed_at"))["newest"]
