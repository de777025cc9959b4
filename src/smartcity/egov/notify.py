"""Notices to residents through MNotify, beside e-mail: our interface to it.

`notice_send` keeps the notice and hands it to MNotify in the task queue; a failure is
retried with growing pauses (`notices_deliver_due`, periodic) and never touches the
e-mail, which goes out on its own path. Off (nothing kept, None) unless
SMARTCITY_MNOTIFY_URL is set.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from smartcity.egov import mnotify
from smartcity.egov.idnp import idnp_is_valid
from smartcity.egov.models import MPassIdentity, Notice

log = logging.getLogger(__name__)

LANGUAGES = ("ro", "ru", "en")
# The pause after each failed attempt; after the last, the notice is given up.
RETRY_PAUSES = tuple(datetime.timedelta(minutes=m) for m in (1, 5, 30, 120, 360))


def mnotify_enabled() -> bool:
    return settings.SMARTCITY_MNOTIFY is not None


def notice_send(
    *,
    recipient_idnp: str,
    subject: dict[str, str],
    body: dict[str, str],
    priority: str = "Normal",
) -> Notice | None:
    """Keep a notice for the resident with this IDNP and queue it for MNotify once the
    current transaction commits. `subject` and `body` by language (ro, ru, en; a missing
    one is left out). None when MNotify is off or the IDNP is malformed."""
    if not mnotify_enabled() or not idnp_is_valid(recipient_idnp):
        return None
    notice = Notice.objects.create(
        recipient_idnp=recipient_idnp,
        subject={k: v for k, v in subject.items() if k in LANGUAGES and v},
        body={k: v for k, v in body.items() if k in LANGUAGES and v},
        priority=priority,
        next_attempt_at=timezone.now(),
    )
    from smartcity.egov import tasks

    transaction.on_commit(lambda: tasks.notice_deliver.enqueue(notice.pk))
    return notice


def notice_for_email_send(
    *, email: str, subject: dict[str, str], body: dict[str, str]
) -> Notice | None:
    """The same notice through MNotify for the resident who signed in with MPass under
    this e-mail address, if exactly one did; None otherwise. An e-mail given on a report
    is how the platform knows its reporter: it tells MNotify nothing the e-mail to that
    address does not already say."""
    if not mnotify_enabled() or not email:
        return None
    identities = list(MPassIdentity.objects.filter(email__iexact=email.strip())[:2])
    if len(identities) != 1:
        return None
    return notice_send(recipient_idnp=identities[0].idnp, subject=subject, body=body)


def notice_deliver(*, notice_id: int, now: datetime.datetime | None = None) -> bool:
    """Hand a pending notice to MNotify; True when MNotify took it. At most once: a
    notice already taken or given up is left alone, and the row is locked meanwhile.
    A failure schedules the next attempt, or gives up after the last pause."""
    config = settings.SMARTCITY_MNOTIFY
    if config is None:
        return False
    now = now or timezone.now()
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update()
            .filter(pk=notice_id, status=Notice.Status.PENDING)
            .first()
        )
        if notice is None:
            return False
        try:
            notice.mnotify_id = mnotify.notification_post(
                config,
                recipient_idnp=notice.recipient_idnp,
                subject=notice.subject,
                body=notice.body,
                priority=notice.priority,
            )
        except mnotify.MNotifyError as error:
            _attempt_failed(notice, str(error), now)
            return False
        notice.status = Notice.Status.SENT
        notice.attempts += 1
        notice.sent_at = now
        notice.next_attempt_at = None
        notice.last_error = ""
        notice.save()
    return True


def _attempt_failed(notice: Notice, error: str, now: datetime.datetime) -> None:
    notice.attempts += 1
    notice.last_error = error[:200]
    if notice.attempts > len(RETRY_PAUSES):
        notice.status = Notice.Status.FAILED
        notice.next_attempt_at = None
        log.warning(
            "MNotify notice %s given up after %s attempts: %s", notice.pk, notice.attempts, error
        )
    else:
        notice.next_attempt_at = now + RETRY_PAUSES[notice.attempts - 1]
        log.info("MNotify notice %s failed (%s); trying again later", notice.pk, error)
    notice.save()


def notices_deliver_due(*, now: datetime.datetime | None = None, batch_size: int = 100) -> int:
    """Periodic: try again the pending notices whose pause is over; how many MNotify took."""
    now = now or timezone.now()
    due = Notice.objects.filter(status=Notice.Status.PENDING, next_attempt_at__lte=now).values_list(
        "pk", flat=True
    )[:batch_size]
    return sum(notice_deliver(notice_id=pk, now=now) for pk in list(due))
