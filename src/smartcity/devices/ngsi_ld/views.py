"""The NGSI-LD endpoints (ETSI GS CIM 009): thin views over params, writes and selectors."""

from __future__ import annotations

import orjson
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from smartcity.devices import ingest
from smartcity.devices.models import Device, NgsiSubscription
from smartcity.devices.ngsi_ld.entities import entity, parse_entity_id
from smartcity.devices.ngsi_ld.errors import NgsiError
from smartcity.devices.ngsi_ld.http import Writer, answer, body_of, ngsi_view
from smartcity.devices.ngsi_ld.params import devices_matching, entity_query
from smartcity.devices.ngsi_ld.subscriptions_api import (
    subscription_create,
    subscription_representation,
    subscription_update,
)
from smartcity.devices.ngsi_ld.temporal import temporal_entity
from smartcity.devices.ngsi_ld.writes import entity_body, entity_upsert
from smartcity.devices.selectors import with_states
from smartcity.devices.types import DEVICE_TYPES

BASE = "/ngsi-ld/v1"
BATCH_MAX = 1000


def _device(entity_id: str) -> Device:
    parsed = parse_entity_id(entity_id)
    device = None
    if parsed is not None:
        device = (
            Device.objects.filter(ref=parsed[1], device_type=parsed[0], is_active=True)
            .select_related("district", "department")
            .first()
        )
    if device is None:
        raise NgsiError("ResourceNotFound", f"no entity {entity_id}")
    return device


def _attrs(request: HttpRequest) -> set[str] | None:
    return {a.strip() for a in request.GET.get("attrs", "").split(",") if a.strip()} or None


def _key_values(request: HttpRequest) -> bool:
    options = request.GET.get("options", "").split(",")
    return "keyValues" in options or request.GET.get("format") in ("simplified", "keyValues")


@ngsi_view(("GET", "POST"), writes=("POST",))
def entities(request: HttpRequest, writer: Writer | None) -> HttpResponse:
    if request.method == "POST":
        assert writer is not None  # ngsi_view refuses a write without one
        body = entity_body(body_of(request))
        device, _created = entity_upsert(
            body, gateway=writer.gateway, now=timezone.now(), must_be_new=True
        )
        eid = body["id"]
        return HttpResponse(status=201, headers={"Location": f"{BASE}/entities/{eid}"})
    query = entity_query(request.GET)
    found = devices_matching(query)
    page = found[query.offset : query.offset + query.limit]
    views = with_states(page, query.attrs)
    data = [entity(v, key_values=query.key_values, attrs=query.attrs) for v in views]
    headers = {"NGSILD-Results-Count": str(len(found))} if query.count else {}
    return answer(request, data, headers=headers)


@ngsi_view(("GET", "DELETE"), writes=("DELETE",))
def entity_detail(request: HttpRequest, entity_id: str, writer: Writer | None) -> HttpResponse:
    device = _device(entity_id)
    if request.method == "DELETE":
        assert writer is not None  # ngsi_view refuses a write without one
        if writer.gateway is not None and device.gateway_id != writer.gateway.pk:
            raise NgsiError("BadRequestData", f"{entity_id} is not behind this gateway")
        # Retired, not erased: its history still answers questions about the past.
        Device.objects.filter(pk=device.pk).update(is_active=False)
        ingest.directory.clear()
        return HttpResponse(status=204)
    view = with_states([device], _attrs(request))[0]
    return answer(request, entity(view, key_values=_key_values(request), attrs=_attrs(request)))


@ngsi_view(("POST", "PATCH"), writes=("POST", "PATCH"))
def entity_attrs(request: HttpRequest, entity_id: str, writer: Writer | None) -> HttpResponse:
    """Update (PATCH) or append (POST) attributes; quantities become readings."""
    assert writer is not None  # ngsi_view refuses a write without one
    device = _device(entity_id)
    body = body_of(request)
    if not isinstance(body, dict) or not body:
        raise NgsiError("BadRequestData", "send an object of attributes")
    body = dict(body, id=entity_id, type=device.device_type)
    entity_upsert(body, gateway=writer.gateway, now=timezone.now(), must_exist=True)
    return HttpResponse(status=204)


@ngsi_view(("POST",), writes=("POST",))
def batch_upsert(request: HttpRequest, writer: Writer | None) -> HttpResponse:
    """POST /entityOperations/upsert: each entity on its own; 201, 204 or 207 as it went."""
    assert writer is not None  # ngsi_view refuses a write without one
    body = body_of(request)
    if not isinstance(body, list) or not body:
        raise NgsiError("BadRequestData", "send a non-empty array of entities")
    if len(body) > BATCH_MAX:
        raise NgsiError("RequestEntityTooLarge", f"at most {BATCH_MAX} entities per batch")
    now = timezone.now()
    created, success, errors = [], [], []
    for item in body:
        try:
            _device_, was_created = entity_upsert(
                entity_body(item), gateway=writer.gateway, now=now
            )
        except NgsiError as error:
            eid = item.get("id") if isinstance(item, dict) else None
            errors.append({"entityId": eid, "error": error.problem()})
            continue
        success.append(item["id"])
        if was_created:
            created.append(item["id"])
    if errors:
        return HttpResponse(
            orjson.dumps({"success": success, "errors": errors}),
            status=207,
            content_type="application/json",
        )
    if created:
        return HttpResponse(orjson.dumps(created), status=201, content_type="application/json")
    return HttpResponse(status=204)


@ngsi_view(("GET",))
def temporal_entity_detail(request: HttpRequest, entity_id: str, writer: None) -> HttpResponse:
    return answer(request, temporal_entity(_device(entity_id), request.GET, timezone.now()))


@ngsi_view(("GET", "POST"), writes=("GET", "POST"))
def subscriptions(request: HttpRequest, writer: Writer | None) -> HttpResponse:
    if request.method == "POST":
        sub = subscription_create(body_of(request))
        return HttpResponse(
            status=201, headers={"Location": f"{BASE}/subscriptions/{sub.subscription_id}"}
        )
    now = timezone.now()
    return answer(
        request,
        [subscription_representation(s, now) for s in NgsiSubscription.objects.order_by("pk")],
    )


@ngsi_view(("GET", "PATCH", "DELETE"), writes=("GET", "PATCH", "DELETE"))
def subscription_detail(
    request: HttpRequest, subscription_id: str, writer: Writer | None
) -> HttpResponse:
    sub = NgsiSubscription.objects.filter(subscription_id=subscription_id).first()
    if sub is None:
        raise NgsiError("ResourceNotFound", f"no subscription {subscription_id}")
    if request.method == "DELETE":
        sub.delete()
        from smartcity.devices import subscriptions as active_subscriptions

        active_subscriptions.active.clear()
        return HttpResponse(status=204)
    if request.method == "PATCH":
        subscription_update(sub, body_of(request))
        return HttpResponse(status=204)
    return answer(request, subscription_representation(sub, timezone.now()))


@ngsi_view(("GET",))
def types(request: HttpRequest, writer: None) -> HttpResponse:
    return answer(
        request,
        {
            "id": "urn:ngsi-ld:EntityTypeList:balti",
            "type": "EntityTypeList",
            "typeList": list(DEVICE_TYPES),
        },
    )


def context_document(request: HttpRequest) -> HttpResponse:
    """Our @context: each attribute name to the Smart Data Models' vocabulary."""
    terms: dict[str, str] = {}
    for kind in DEVICE_TYPES.values():
        base = "https://smartdatamodels.org/"
        terms[kind.name] = f"https://uri.fiware.org/ns/dataModels#{kind.name}"
        for name in kind.quantities:
            terms.setdefault(name, f"{base}{name}")
    for name in (
        "areaServed",
        "address",
        "name",
        "responsible",
        "lampPower",
        "refStreetlightControlCabinet",
    ):
        terms.setdefault(name, f"https://smartdatamodels.org/{name}")
    body = {"@context": terms}
    response = HttpResponse(orjson.dumps(body), content_type="application/ld+json")
    response["Cache-Control"] = "public, max-age=86400"
    return response
