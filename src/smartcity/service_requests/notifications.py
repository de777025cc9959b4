"""Emails to reporters and subscribers, each in the recipient's language."""

from __future__ import annotations

import datetime
import logging
import math

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from smartcity.config.site import absolute_url
from smartcity.egov import notify as egov_notify
from smartcity.service_requests.models import (
    AreaSubscription,
    RequestUpdate,
    ServiceRequest,
    Status,
)

FIX_CHECK_AFTER = datetime.timedelta(days=21)
log = logging.getLogger(__name__)


def _link(language: str, viewname: str, *args: str) -> str:
    """An absolute link to a page, in the recipient's language's URL."""
    with translation.override(language):
        return absolute_url(reverse(viewname, args=args))


def _send(*, template: str, to: str, language: str, context: dict) -> None:
    with translation.override(language):
        subject = render_to_string(f"service_requests/email/{template}_subject.txt", context)
        body = render_to_string(f"service_requests/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [to])


def _mnotify_too(*, template: str, email: str, context: dict) -> None:
    """The same news through MNotify, in every language, for a reporter who signed in
    with MPass under this address (smartcity.egov). Only queued here: it can neither
    delay nor undo the e-mail, which has gone already."""
    if not egov_notify.mnotify_enabled():
        return
    subject: dict[str, str] = {}
    body: dict[str, str] = {}
    for language in egov_notify.LANGUAGES:
        with translation.override(language):
            text = render_to_string(f"service_requests/email/{template}_subject.txt", context)
            subject[language] = " ".join(text.split())
            body[language] = render_to_string(f"service_requests/email/{template}.txt", context)
    try:
        with transaction.atomic():
            egov_notify.notice_for_email_send(email=email, subject=subject, body=body)
    except Exception:  # noqa: BLE001 - the e-mail's bookkeeping must still be saved
        log.exception("an MNotify notice could not be queued")


def reporter_notify(*, update_id: int) -> bool:
    """Tell the reporter about one update of their request; sends at most once."""
    with transaction.atomic():
        update = (
            RequestUpdate.objects.select_for_update()
            .select_related("request", "request__category")
            .filter(pk=update_id, reporter_notified_at__isnull=True)
            .first()
        )
        if update is None or not update.request.email:
            return False
        request = update.request
        request_url = _link(request.language, "service_requests:detail", request.tracking_code)
        template = "received" if update.kind == RequestUpdate.Kind.CREATED else "status_changed"
        context = {"request": request, "update": update, "request_url": request_url}
        _send(template=template, to=request.email, language=request.language, context=context)
        _mnotify_too(template=template, email=request.email, context=context)
        update.reporter_notified_at = timezone.now()
        update.save(update_fields=["reporter_notified_at"])
    return True


def _metres_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    # Equirectangular approximation: well under 1 m of error at city scale.
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6_371_000 * math.hypot(x, y)


def subscriptions_matching(request: ServiceRequest) -> list[AreaSubscription]:
    subscriptions = AreaSubscription.objects.filter(confirmed_at__isnull=False).select_related(
        "district"
    )
    matching = []
    for subscription in subscriptions:
        if subscription.category_id and subscription.category_id != request.category_id:
            continue
        if subscription.district_id:
            if subscription.district_id == request.district_id:
                matching.append(subscription)
        elif (
            # The check constraint: without a district, a subscription has its circle.
            subscription.latitude is not None
            and subscription.longitude is not None
            and subscription.radius_m is not None
            and request.latitude is not None
            and request.longitude is not None
            and _metres_between(
                subscription.latitude, subscription.longitude, request.latitude, request.longitude
            )
            <= subscription.radius_m
        ):
            matching.append(subscription)
    return matching


def subscribers_notify(*, request_id: int) -> int:
    """Email everyone subscribed to the area of a new request; at most once per request.
    A request not yet on the map waits: `request_place` asks again once it is placed."""
    with transaction.atomic():
        request = (
            ServiceRequest.objects.select_for_update()
            .select_related("category")
            .located()
            .filter(pk=request_id, subscribers_notified_at__isnull=True, is_hidden=False)
            .first()
        )
        if request is None:
            return 0
        sent = 0
        for subscription in subscriptions_matching(request):
            language = subscription.language
            context = {
                "request": request,
                "request_url": _link(language, "service_requests:detail", request.tracking_code),
                "unsubscribe_url": _link(
                    language, "service_requests:unsubscribe", subscription.token
                ),
            }
            _send(
                template="new_in_area",
                to=subscription.email,
                language=subscription.language,
                context=context,
            )
            sent += 1
        request.subscribers_notified_at = timezone.now()
        request.save(update_fields=["subscribers_notified_at"])
    return sent


def fix_checks_send(*, now: datetime.datetime | None = None, batch_size: int = 200) -> int:
    """Ask reporters, some weeks after closing as fixed, whether it really is fixed."""
    now = now or timezone.now()
    due = ServiceRequest.objects.filter(
        status=Status.CLOSED,
        closure_reason="fixed",
        closed_at__lte=now - FIX_CHECK_AFTER,
        fix_check_sent_at__isnull=True,
    ).exclude(email="")
    sent = 0
    for request_id in due.values_list("pk", flat=True)[:batch_size]:
        with transaction.atomic():
            request = (
                ServiceRequest.objects.select_for_update()
                .filter(pk=request_id, fix_check_sent_at__isnull=True)
                .first()
            )
            if request is None:
                continue
            feedback_url = _link(
                request.language,
                "service_requests:feedback",
                request.tracking_code,
                request.feedback_token,
            )
            _send(
                template="fix_check",
                to=request.email,
                language=request.language,
                context={"request": request, "feedback_url": feedback_url},
            )
            request.fix_check_sent_at = now
            request.save(update_fields=["fix_check_sent_at"])
            sent += 1
    return sent


def subscription_confirmation_send(*, subscription_id: int) -> None:
    subscription = AreaSubscription.objects.filter(pk=subscription_id).first()
    if subscription is None or subscription.confirmed_at is not None:
        return
    confirm_url = _link(
        subscription.language, "service_requests:subscription_confirm", subscription.token
    )
    _send(
        template="subscription_confirm",
        to=subscription.email,
        language=subscription.language,
        context={"subscription": subscription, "confirm_url": confirm_url},
    )
