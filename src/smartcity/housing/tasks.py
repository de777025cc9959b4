"""Background jobs of housing: each calls a service and is safe to rerun."""

from __future__ import annotations

from django_tasks import task

from smartcity.housing import notices, suspicions


@task()
def outage_notices_send_one(outage_id: int) -> int:
    """Right after an outage is saved or ended: what it owes now (an emergency's start)."""
    return notices.outage_notices_send(outage_id=outage_id)


@task()
def outage_notices_send() -> int:
    """Periodic: the notices due before, at the start and at the end of outages."""
    return notices.notices_send_all()


@task()
def work_items_from_suspicions() -> int:
    """Periodic: a work item for each new leak or heat suspicion of a block's meters."""
    return suspicions.work_items_open_all()
