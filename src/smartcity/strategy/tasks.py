"""Background jobs of the strategy tracking: each is safe to rerun."""

from __future__ import annotations

from django_tasks import task

from smartcity.strategy import services


@task()
def indicators_compute() -> int:
    """Periodic (every 6 hours): today's values of the indicators computed from the
    platform's data, so the progress page stays current without typing."""
    return services.indicators_compute()
