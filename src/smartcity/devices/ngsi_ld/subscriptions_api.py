"""NGSI-LD subscriptions as the API shows and takes them."""

from __future__ import annotations

import datetime
import json
import re
import uuid

from django.db import IntegrityError, transaction
from django.http import QueryDict

from smartcity.devices import notify_targets, subscriptions
from smartcity.devices.models import NgsiSubscription
from smartcity.devices.ngsi_ld.context import Context
from smartcity.devices.ngsi_ld.entities import _time
from smartcity.devices.ngsi_ld.errors import NgsiError
from smartcity.devices.ngsi_ld.params import GeoQuery, geo_query
from smartcity.devices.ngsi_ld.query import QueryError, parse_q

FORMATS = ("normalized", "keyValues", "simplified")
ACCEPTS = ("application/json", "application/ld+json")
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")


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


def _is_uri(value: object) -> bool:
    """An absolute URI: a scheme, a colon, something after it (urn:…, http://…)."""
    return isinstance(value, str) and URI.match(value) is not None


def _selector(raw: object, ctx: Context) -> dict[str, str]:
    if not isinstance(raw, dict) or not isinstance(raw.get("type"), str) or not raw["type"]:
        raise NgsiError("BadRequestData", "each entry of entities needs a type")
    selector = {"type": ctx.to_hub(raw["type"])}
    if "id" in raw:
        if not _is_uri(raw["id"]):
            raise NgsiError("BadRequestData", "an entity selector's id must be a URI")
        selector["id"] = raw["id"]
    if "idPattern" in raw:
        try:
            re.compile(str(raw["idPattern"]))
        except re.error as exc:
            raise NgsiError("BadRequestData", f"idPattern: {exc}") from None
        selector["idPattern"] = str(raw["idPattern"])
    return selector


def _entities(body: dict, ctx: Context) -> list[dict[str, str]]:
    """The entity selectors (any of which an entity matches), types in the hub's names."""
    entities = body.get("entities")
    if entities is None:
        return []
    if not isinstance(entities, list) or not entities:
        raise NgsiError("BadRequestData", "entities must be a non-empty list of selectors")
    return [_selector(raw, ctx) for raw in entities]


def _geo_q(raw: object) -> dict | None:
    """The geoQ, checked as the geo-query of GET /entities checks it; stored as given."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise NgsiError("BadRequestData", "geoQ must be an object")
    geo_query_of(raw)
    return {k: raw[k] for k in ("georel", "geometry", "coordinates", "geoproperty") if k in raw}


def geo_query_of(geo_q: dict) -> GeoQuery:
    """A geoQ (georel, geometry, coordinates) as the GeoQuery of GET /entities."""
    params = QueryDict(mutable=True)
    coordinates = geo_q.get("coordinates")
    if not isinstance(geo_q.get("georel"), str) or coordinates is None:
        raise NgsiError("BadRequestData", "geoQ needs georel, geometry and coordinates")
    params["georel"] = geo_q["georel"]
    params["geometry"] = str(geo_q.get("geometry", ""))
    params["coordinates"] = coordinates if isinstance(coordinates, str) else json.dumps(coordinates)
    found = geo_query(params)
    assert found is not None  # georel is given
    return found


def _apply(sub: NgsiSubscription, body: dict, ctx: Context, *, partial: bool) -> None:
    _apply_selection(sub, body, ctx, partial=partial)
    notification = body.get("notification")
    if notification is None:
        if not partial:
            raise NgsiError("BadRequestData", "notification with an endpoint is required")
        return
    _apply_notification(sub, notification, ctx)


def _apply_selection(sub: NgsiSubscription, body: dict, ctx: Context, *, partial: bool) -> None:
    if "entities" in body or not partial:
        sub.entities = _entities(body, ctx)
    if "watchedAttributes" in body:
        watched = _strings(body["watchedAttributes"], "watchedAttributes")
        if not watched:
            raise NgsiError("BadRequestData", "watchedAttributes must not be empty")
        sub.watched_attributes = [ctx.to_hub(name) for name in watched]
    if "geoQ" in body:
        sub.geo_q = _geo_q(body["geoQ"])
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
        if not isinstance(body["isActive"], bool):
            raise NgsiError("BadRequestData", "isActive must be true or false")
        sub.is_active = body["isActive"]


def _apply_notification(sub: NgsiSubscription, notification: object, ctx: Context) -> None:
    if not isinstance(notification, dict):
        raise NgsiError("BadRequestData", "notification must be an object")
    endpoint = notification.get("endpoint") or {}
    uri = endpoint.get("uri") if isinstance(endpoint, dict) else None
    if not isinstance(uri, str) or not uri.startswith(("http://", "https://")):
        raise NgsiError("BadRequestData", "notification.endpoint.uri must be an http(s) URL")
    try:
        notify_targets.endpoint_addresses(uri)
    except notify_targets.UnresolvedError:
        # A name the city's resolver does not know yet is kept: each notification
        # resolves and checks it again before anything is sent.
        pass
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
    attributes = _strings(notification.get("attributes"), "notification.attributes")
    sub.notification_attributes = [ctx.to_hub(name) for name in attributes]


def subscription_create(body: object, ctx: Context) -> NgsiSubscription:
    """A new subscription from its body; names in the body are read in `ctx`."""
    if not isinstance(body, dict) or body.get("type") != "Subscription":
        raise NgsiError("BadRequestData", 'a subscription is an object with "type": "Subscription"')
    if "id" in body and not _is_uri(body["id"]):
        raise NgsiError("BadRequestData", "a subscription's id must be a URI")
    sub = NgsiSubscription(
        subscription_id=str(body.get("id") or f"urn:ngsi-ld:Subscription:{uuid.uuid4()}")[:200]
    )
    _apply(sub, body, ctx, partial=False)
    if not (sub.entities or sub.watched_attributes):
        raise NgsiError("BadRequestData", "give entities or watchedAttributes")
    try:
        with transaction.atomic():
            sub.save()
    except IntegrityError:
        raise NgsiError("AlreadyExists", f"{sub.subscription_id} already exists") from None
    subscriptions.active.clear()
    return sub


def subscription_update(sub: NgsiSubscription, body: object, ctx: Context) -> NgsiSubscription:
    if not isinstance(body, dict):
        raise NgsiError("BadRequestData", "a subscription fragment must be an object")
    _apply(sub, body, ctx, partial=True)
    sub.save()
    subscriptions.active.clear()
    return sub


def subscription_representation(
    sub: NgsiSubscription, now: datetime.datetime, ctx: Context
) -> dict:
    """The subscription as GET shows it, its names compacted to the client's `ctx`."""
    status = "active" if sub.is_active else "paused"
    if sub.expires_at and sub.expires_at <= now:
        status = "expired"
    result: dict[str, object] = {
        "id": sub.subscription_id,
        "type": "Subscription",
        "notification": _notification_representation(sub, ctx),
        "status": status,
        "isActive": sub.is_active,
    }
    if sub.entities:
        result["entities"] = [dict(s, type=ctx.from_hub(s["type"])) for s in sub.entities]
    for key, value in (
        ("watchedAttributes", [ctx.from_hub(name) for name in sub.watched_attributes]),
        ("q", sub.q),
        ("geoQ", sub.geo_q),
        ("description", sub.description),
        ("throttling", sub.throttling),
    ):
        if value:
            result[key] = value
    if sub.expires_at:
        result["expiresAt"] = _time(sub.expires_at)
    return result


def _notification_representation(sub: NgsiSubscription, ctx: Context) -> dict[str, object]:
    notification: dict[str, object] = {
        "format": sub.notification_format,
        "endpoint": {"uri": sub.endpoint_uri, "accept": sub.endpoint_accept},
        "timesSent": sub.times_sent,
    }
    if sub.notification_attributes:
        notification["attributes"] = [ctx.from_hub(n) for n in sub.notification_attributes]
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
