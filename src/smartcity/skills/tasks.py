"""Background jobs of the skills study: each takes an id and is safe to rerun."""

from __future__ import annotations

from django_tasks import task

from smartcity.skills import notifications


@task()
def invitation_send(invitation_id: int) -> None:
    notifications.invitation_send(invitation_id=invitation_id)


@task()
def reminders_send(round_id: int) -> None:
    notifications.reminders_send(round_id=round_id)


@task()
def reminders_send_all() -> None:
    notifications.reminders_send_all()
