"""Background jobs: each takes an id, calls a notification function, and is safe to rerun."""

from __future__ import annotations

from django_tasks import task

from smartcity.service_requests import notifications


@task()
def reporter_notify(update_id: int) -> None:
    notifications.reporter_notify(update_id=update_id)


@task()
def subscribers_notify(request_id: int) -> None:
    notifications.subscribers_notify(request_id=request_id)


@task()
def fix_checks_send() -> int:
    """Periodic: ask reporters whether requests closed weeks ago are really fixed."""
    return notifications.fix_checks_send()
