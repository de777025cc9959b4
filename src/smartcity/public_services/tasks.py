"""Background jobs of the public services: each takes an id and is safe to rerun."""

from __future__ import annotations

from django_tasks import task

from smartcity.public_services import notifications


@task()
def application_notify(application_id: int, reason: str) -> bool:
    return notifications.application_notify(application_id=application_id, reason=reason)
