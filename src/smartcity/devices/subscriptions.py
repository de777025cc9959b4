"""NGSI-LD subscriptions: when a matching entity changes, POST a notification.

The check after each stored batch is one cached list lookup when nobody subscribed;
sending happens in the task queue, so a slow or dead endpoint never slows ingestion.
"""

from __future__ import annotations

import functools
import http.client
import json
import logging
import re
import threading
import time
import uuid
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from smartcity.devices import notify_targets, storage
from smartcity.devices.models import Device, NgsiSubscription
from smartcity.devices.ngsi_ld.entities import (
    _time,
    context_link,
    context_url,
    entity,
    entity_id,
)
from smartcity.devices.ngsi_ld.query import parse_q, q_matches
from smartcity.devices.selectors import with_states

NOTIFY_TIMEOUT_SECONDS = 10
logger = logging.getLogger(__name__)


class _Active:
    SECONDS = 5.0

    def __init__(self) -> None:
        self._items: list[NgsiSubscription] = []
        self._read_at = -1e9
        self._lock = threading.Lock()

    def get(self) -> list[NgsiSubscription]:
        with self._lock:
            if time.monotonic() - self._read_at > self.SECONDS:
                now = timezone.now()
                self._items = [
                    s
                    for s in NgsiSubscription.objects.filter(is_active=True)
                    if s.expires_at is None or s.expires_at > now
                ]
                self._read_at = time.monotonic()
            return self._items

    def clear(self) -> None:
        with self._lock:
            self._read_at = -1e9


active = _Active()


def readings_notify(rows: list[storage.Row]) -> None:
    subscriptions = active.get()
    if not subscriptions:
        return
    changed: dict[int, set[str]] = {}
    for r in rows:
        changed.setdefault(r.device_id, set()).add(r.quantity)
    devices = {
        pk: (device_type, entity_id(device_type, ref))
        for pk, device_type, ref in Device.objects.filter(pk__in=list(changed)).values_list(
            "pk", "device_type", "ref"
        )
    }
    from smartcity.devices import tasks

    for sub in subscriptions:
        ids = [
            pk
            for pk, quantities in changed.items()
            if pk in devices
            and selected(sub, *devices[pk])
            and (not sub.watched_attributes or quantities & set(sub.watched_attributes))
        ]
        if ids:
            transaction.on_commit(functools.partial(tasks.subscription_notify.enqueue, sub.pk, ids))


def selected(sub: NgsiSubscription, device_type: str, eid: str) -> bool:
    """Whether an entity matches one of the subscription's selectors (any, with none)."""
    if not sub.entities:
        return True
    for selector in sub.entities:
        if selector["type"] != device_type:
            continue
        if "id" in selector and selector["id"] != eid:
            continue
        if "idPattern" in selector and not re.search(selector["idPattern"], eid):
            continue
        return True
    return False


def notification_send(*, subscription_pk: int, device_ids: list[int]) -> bool:
    """POST the current state of the entities to the subscriber; record the outcome."""
    sub = NgsiSubscription.objects.filter(pk=subscription_pk, is_active=True).first()
    if sub is None:
        return False
    now = timezone.now()
    if (
        sub.throttling
        and sub.last_notification_at
        and (now - sub.last_notification_at).total_seconds() < sub.throttling
    ):
        return False
    devices: Iterable[Device] = Device.objects.filter(pk__in=device_ids).select_related(
        "district", "department"
    )
    devices = [d for d in devices if selected(sub, d.device_type, entity_id(d.device_type, d.ref))]
    if sub.geo_q:
        from smartcity.devices.ngsi_ld.subscriptions_api import geo_query_of

        geo = geo_query_of(sub.geo_q)
        devices = [d for d in devices if geo.matches(d)]
    views = with_states(devices)
    if sub.q:
        groups = parse_q(sub.q)
        views = [v for v in views if q_matches(v, groups)]
    if not views:
        return False
    attrs = set(sub.notification_attributes) or None
    key_values = sub.notification_format == "keyValues"
    data = [entity(v, key_values=key_values, attrs=attrs) for v in views]
    body = {
        "id": f"urn:ngsi-ld:Notification:{uuid.uuid4()}",
        "type": "Notification",
        "subscriptionId": sub.subscription_id,
        "notifiedAt": _time(now),
        "data": data,
    }
    headers = {"Content-Type": "application/json"}
    if sub.endpoint_accept == "application/ld+json":
        headers["Content-Type"] = "application/ld+json"
        for item in data:
            item["@context"] = [context_url()]
    else:
        headers["Link"] = context_link()
    try:
        status = notify_targets.endpoint_post(
            sub.endpoint_uri,
            json.dumps(body).encode(),
            headers,
            timeout=NOTIFY_TIMEOUT_SECONDS,
        )
        ok = 200 <= status < 300
    except notify_targets.EndpointRefusedError as exc:
        logger.warning("NGSI-LD subscription %s not notified: %s", sub.subscription_id, exc)
        ok = False
    except (OSError, http.client.HTTPException, ValueError):
        ok = False
    NgsiSubscription.objects.filter(pk=sub.pk).update(
        last_notification_at=now,
        times_sent=F("times_sent") + 1,
        **({"last_success_at": now} if ok else {"last_failure_at": now}),
    )
    return ok
