"""Background jobs of the platform's own upkeep."""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from smartcity.operations import services


@task()
def task_results_prune() -> int:
    """Periodic (daily): forget finished task results past SMARTCITY_TASK_RESULTS_DAYS."""
    return services.task_results_prune(days=settings.SMARTCITY_TASK_RESULTS_DAYS)


@task()
def document_draw(document_id: int) -> bool:
    """A heavy document (a yearly report) drawn for the data as it is now, and kept."""
    from smartcity.operations import documents

    return documents.document_draw(document_id=document_id)
