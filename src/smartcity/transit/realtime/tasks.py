"""Background jobs of the realtime side; each is safe to rerun."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from smartcity.transit.realtime import services


@task()
def vehicle_positions_prune() -> int:
    """Periodic (daily): drop raw positions past retention; stop arrivals stay."""
    cutoff = timezone.now() - datetime.timedelta(days=settings.SMARTCITY_VEHICLE_POSITIONS_DAYS)
    return services.positions_prune(older_than=cutoff, batch_size=50_000, dry_run=False)
