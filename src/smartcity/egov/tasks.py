"""Background jobs of the e-government integrations: each takes an id and is safe to rerun."""

from __future__ import annotations

from django_tasks import task

from smartcity.egov import notify


@task()
def notice_deliver(notice_id: int) -> bool:
    return notify.notice_deliver(notice_id=notice_id)


@task()
def notices_deliver_due() -> int:
    """Periodic: MNotify notices whose retry pause is over."""
    return notify.notices_deliver_due()
