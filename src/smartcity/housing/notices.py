"""Emails to residents about outages, each in the subscriber's language.

A planned outage is announced NOTICE_BEFORE ahead of its start, every outage when it
starts and when it ends. Each (outage, subscriber, kind) is sent at most once: the
OutageNotice row is written in the transaction that sends it, so a rerun or a second
worker skips it.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from smartcity.housing import selectors
from smartcity.housing.models import Outage, OutageNotice, OutageSubscription

NOTICE_BEFORE = datetime.timedelta(hours=24)


def _link(language: str, viewname: str, *args: object) -> str:
    with translation.override(language):
        return f"{settings.SMARTCITY_SITE_URL}{reverse(viewname, args=args)}"


def _send(*, template: str, to: str, language: str, context: dict) -> None:
    with translation.override(language):
        subject = render_to_string(f"housing/email/{template}_subject.txt", context)
        body = render_to_string(f"housing/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [to])


def subscription_confirmation_send(*, subscription_id: int) -> None:
    subscription = (
        OutageSubscription.objects.select_related("block").filter(pk=subscription_id).first()
    )
    if subscription is None or subscription.confirmed_at is not None:
        return
    _send(
        template="subscription_confirm",
        to=subscription.email,
        language=subscription.language,
        context={
            "subscription": subscription,
            "confirm_url": _link(
                subscription.language, "housing:subscription_confirm", subscription.token
            ),
        },
    )


def kinds_due(outage: Outage, now: datetime.datetime) -> list[str]:
    """Which notices the outage owes at `now`: before it (planned, within NOTICE_BEFORE of
    a start still ahead), its start (begun, not yet over), its end (over)."""
    if outage.ended_at is not None and outage.ended_at <= now:
        return [OutageNotice.Kind.ENDED]
    if outage.starts_at <= now:
        return [OutageNotice.Kind.STARTED]
    if outage.kind == Outage.Kind.PLANNED and outage.starts_at - NOTICE_BEFORE <= now:
        return [OutageNotice.Kind.BEFORE]
    return []


def outage_notices_send(*, outage_id: int, now: datetime.datetime | None = None) -> int:
    """Send what the outage owes its subscribers now; returns how many emails went."""
    now = now or timezone.now()
    outage = Outage.objects.select_related("provider").filter(pk=outage_id).first()
    if outage is None:
        return 0
    sent = 0
    for kind in kinds_due(outage, now):
        for subscription in selectors.subscriptions_reached(outage):
            # The end of an outage is news only to those who could have heard of it.
            if (
                kind == OutageNotice.Kind.ENDED
                and outage.ended_at is not None
                and subscription.confirmed_at is not None
                and subscription.confirmed_at > outage.ended_at
            ):
                continue
            sent += _notice_send(outage, subscription, kind, now)
    return sent


def _notice_send(
    outage: Outage, subscription: OutageSubscription, kind: str, now: datetime.datetime
) -> int:
    try:
        with transaction.atomic():
            OutageNotice.objects.create(
                outage=outage, subscription=subscription, kind=kind, sent_at=now
            )
            language = subscription.language
            _send(
                template=f"outage_{kind}",
                to=subscription.email,
                language=language,
                context={
                    "outage": outage,
                    "subscription": subscription,
                    "place": subscription.block or subscription.street,
                    "outage_url": _link(language, "housing:outage", outage.pk),
                    "unsubscribe_url": _link(language, "housing:unsubscribe", subscription.token),
                },
            )
    except IntegrityError:
        return 0  # already sent, by an earlier round or another worker
    return 1


def outages_due(now: datetime.datetime) -> list[int]:
    """Outages that may owe a notice: planned within the notice time, going on, or ended
    in the last week (an end notice missed while the worker was down still goes)."""
    week = now - datetime.timedelta(days=7)
    return list(
        Outage.objects.filter(
            Q(ended_at__isnull=True, starts_at__lte=now + NOTICE_BEFORE) | Q(ended_at__gte=week)
        ).values_list("pk", flat=True)
    )


def notices_send_all(*, now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    return sum(outage_notices_send(outage_id=pk, now=now) for pk in outages_due(now))
