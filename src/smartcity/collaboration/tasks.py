"""Background jobs of the collaboration: each takes an id and is safe to rerun."""

from __future__ import annotations

from django_tasks import task

from smartcity.collaboration import notifications


@task()
def registration_notify(registration_id: int, reason: str) -> None:
    notifications.registration_notify(registration_id=registration_id, reason=reason)


@task()
def idea_author_notify(change_id: int) -> None:
    notifications.idea_author_notify(change_id=change_id)
