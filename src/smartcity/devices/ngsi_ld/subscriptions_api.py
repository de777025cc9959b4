"""NGSI-LD subscriptions as the API shows and takes them."""

from __future__ import annotations

import datetime
import uuid

from django.db import IntegrityError, transaction

from smartcity.devices import notify_targets, subscriptions
from smartcity.devices.models import NgsiSubscription
from smartcity.devices.ngsi_ld.entities import _time
from smartcity.devices.ngsi_ld.errors import NgsiError
from smartcity.devices.ngsi_ld.query import QueryError, parse_q

FORMATS = ("normalized", "keyValues", "simplified")
ACCEPTS = ("application/json", "application/ld+json")


def _strings(value: object, name: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise NgsiError("BadRequestData", f"{name} must be a list of names")
    return value


def _time_of(raw: object, name: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise NgsiError("BadRequestData", f"{name} must be an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        raise NgsiError("BadRequestData", f"{name} needs a time zone")
    return moment


def _entities(body: dict) -> tuple[str, str]:
    entities = body.get("entities") or []
    if not isinstance(entities, list) or len(entities) > 1:
        # One entity selector per subscription keeps matching simple; say so plainly.
        raise NgsiError("OperationNotSupported", "give at most one entry in entities")
    if not entities:
        return "", ""
    selector = entities[0]
    if not isinstance(selector, dict) or not isinstance(selector.get("type"), str):
        raise NgsiError("BadRequestData", "each entry of entities needs a type")
    return selector["type"], str(selector.get("id", ""))


def _apply(sub: NgsiSubscription, body: dict, *, partial: bool) -> None:
    _apply_selection(sub, body, partial=partial)
    notification = body.get("notification")
    if notification is None:
        if not partial:
            raise NgsiError("BadRequestData", "notification with an endpoint is required")
        return
    _apply_notification(sub, notification)


def _apply_selection(sub: NgsiSubscription, body: dict, *, partial: bool) -> None:
    if "entities" in body or not partial:
        sub.entity_type, sub.entity_id = _entities(body)
    if "watchedAttributes" in body:
        sub.watched_attributes = _strings(body["watchedAttributes"], "watchedAttributes")
    if "q" in body:
        try:
            parse_q(str(body["q"]))
        except QueryError as exc:
            raise NgsiError("BadRequestData", f"q: {exc}") from None
        sub.q = str(body["q"])
    _apply_timing(sub, body)


def _apply_timing(sub: NgsiSubscription, body: dict) -> None:
    if "description" in body:
        sub.description = str(body["description"])[:300]
    if "expiresAt" in body:
        sub.expires_at = _time_of(body["expiresAt"], "expiresAt")
    if "throttling" in body:
        if not isinstance(body["throttling"], int) or body["throttling"] < 0:
            raise NgsiError("BadRequestData", "throttling must be a number of seconds")
        sub.throttling = body["throttling"]
    if "isActive" in body:
        sub.is_active = bool(body["isActive"])


def _apply_notification(sub: NgsiSubscription, notification: object) -> None:
    if not isinstance(notification, dict):
        raise NgsiError("BadRequestData", "notification must be an object")
    endpoint = notification.get("endpoint") or {}
    uri = endpoint.get("uri") if isinstance(endpoint, dict) else None
    if not isinstance(uri, str) or not uri.startswith(("http://", "https://")):
        raise NgsiError("BadRequestData", "notification.endpoint.uri must be an http(s) URL")
    try:
        notify_targets.endpoint_addresses(uri)
    except notify_targets.EndpointRefusedError as exc:
        raise NgsiError("BadRequestData", f"notification.endpoint.uri: {exc}") from None
    accept = endpoint.get("accept", "application/json")
    if accept not in ACCEPTS:
        raise NgsiError(
            "BadRequestData", f"notification.endpoint.accept may be {', '.join(ACCEPTS)}"
        )
    fmt = notification.get("format", "normalized")
    if fmt not in FORMATS:
        raise NgsiError("BadRequestData", f"notification.format may be {', '.join(FORMATS)}")
    sub.endpoint_uri, sub.endpoint_accept = uri[:500], accept
    sub.notification_format = "keyValues" if fmt == "simplified" else fmt
    sub.notification_attributes = _strings(
        notification.get("attributes"), "notification.attributes"
    )


def subscription_create(body: object) -> NgsiSubscription:
    if not isinstance(body, dict) or body.get("type") != "Subscription":
        raise NgsiError("BadRequestData", 'a subscription is an object with "type": "Subscription"')
    sub = NgsiSubscription(
        subscription_id=str(body.get("id") or f"urn:ngsi-ld:Subscription:{uuid.uuid4()}")[:200]
    )
    _apply(sub, body, partial=False)
    if not (sub.entity_type or sub.watched_attributes):
        raise NgsiError("BadRequestData", "give entities or watchedAttributes")
    try:
        with transaction.atomic():
            sub.save()
    except IntegrityError:
        raise NgsiError("AlreadyExists", f"{sub.subscription_id} already exists") from None
    subscriptions.active.clear()
    return sub


def subscription_update(sub: NgsiSubscription, body: object) -> NgsiSubscription:
    if not isinstance(body, dict):
        raise NgsiError("BadRequestData", "a subscription fragment must be an object")
    _apply(sub, body, partial=True)
    sub.save()
    subscriptions.active.clear()
    return sub


def subscription_representation(sub: NgsiSubscription, now: datetime.datetime) -> dict:
    status = "active" if sub.is_active else "paused"
    if sub.expires_at and sub.expires_at <= now:
        status = "expired"
    result: dict[str, object] = {
        "id": sub.subscription_id,
        "type": "Subscription",
        "notification": _notification_representation(sub),
        "status": status,
        "isActive": sub.is_active,
    }
    if sub.entity_type:
        selector = {"type": sub.entity_type}
        if sub.entity_id:
            selector["id"] = sub.entity_id
        result["entities"] = [selector]
    for key, value in (
        ("watchedAttributes", sub.watched_attributes),
        ("q", sub.q),
        ("description", sub.description),
        ("throttling", sub.throttling),
    ):
        if value:
            result[key] = value
    if sub.expires_at:
        result["expiresAt"] = _time(sub.expires_at)
    return result


def _notification_representation(sub: NgsiSubscription) -> dict[str, object]:
    notification: dict[str, object] = {
        "format": sub.notification_format,
        "endpoint": {"uri": sub.endpoint_uri, "accept": sub.endpoint_accept},
        "timesSent": sub.times_sent,
    }
    if sub.notification_attributes:
        notification["attributes"] = sub.notification_attributes
    for key, moment in (
        ("lastNotification", sub.last_notification_at),
        ("lastSuccess", sub.last_success_at),
        ("lastFailure", sub.last_failure_at),
    ):
        if moment:
            notification[key] = _time(moment)
    if sub.last_notification_at:
        failed = sub.last_failure_at and sub.last_failure_at >= sub.last_notification_at
        notification["status"] = "failed" if failed else "ok"
    return notification
