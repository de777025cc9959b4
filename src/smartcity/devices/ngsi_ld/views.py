"""The NGSI-LD endpoints (ETSI GS CIM 009): thin views over params, writes and selectors."""

from __future__ import annotations

import orjson
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import timezone

from smartcity.devices.models import NgsiSubscription
from smartcity.devices.ngsi_ld.batch import (
    MODES,
    batch_size_check,
    batch_write,
    entity_of,
    entity_retire,
)
from smartcity.devices.ngsi_ld.catalogue import attribute_types, catalogue
from smartcity.devices.ngsi_ld.context import CORE_CONTEXT, core_document, own_document, own_url
from smartcity.devices.ngsi_ld.entities import (
    compacted,
    concise,
    entity,
    feature,
    feature_collection,
)
from smartcity.devices.ngsi_ld.errors import NgsiError
from smartcity.devices.ngsi_ld.http import (
    JSON_LD,
    Writer,
    accepts_geojson,
    answer,
    body_of,
    geojson_answer,
    item_context,
    ngsi_view,
    request_context,
)
from smartcity.devices.ngsi_ld.params import devices_matching, entity_query, post_query_params
from smartcity.devices.ngsi_ld.subscriptions_api import (
    subscription_create,
    subscription_representation,
    subscription_update,
)
from smartcity.devices.ngsi_ld.temporal import temporal_entity
from smartcity.devices.ngsi_ld.writes import (
    Entity,
    attribute_delete,
    attrs_write,
    entity_body,
    entity_upsert,
    present_attributes,
)
from smartcity.devices.selectors import with_states

BASE = "/ngsi-ld/v1"
_device = entity_of


def _options(request: HttpRequest) -> set[str]:
    return {o.strip() for o in request.GET.get("options", "").split(",") if o.strip()}


def _attrs(request: HttpRequest) -> set[str] | None:
    ctx = request_context(request)
    names = [a.strip() for a in request.GET.get("attrs", "").split(",") if a.strip()]
    return {ctx.to_hub(a) for a in names} or None


def _key_values(request: HttpRequest) -> bool:
    return "keyValues" in _options(request) or request.GET.get("format") in (
        "simplified",
        "keyValues",
    )


def _concise(params: QueryDict) -> bool:
    options = set(params.get("options", "").split(","))
    return "concise" in options or params.get("format") == "concise"


def _body_entity(request: HttpRequest) -> Entity:
    body = body_of(request)
    return entity_body(body, item_context(request, body))


def _query_answer(request: HttpRequest, params: QueryDict) -> HttpResponse:
    ctx = request_context(request)
    query = entity_query(params, ctx)
    found = devices_matching(query)
    page = found[query.offset : query.offset + query.limit]
    views = with_states(page, query.attrs)
    sys_attrs = "sysAttrs" in set(params.get("options", "").split(","))
    data = [
        compacted(
            entity(v, key_values=query.key_values, attrs=query.attrs, sys_attrs=sys_attrs), ctx
        )
        for v in views
    ]
    if _concise(params) and not query.key_values:
        data = [concise(e) for e in data]
    headers = {"NGSILD-Results-Count": str(len(found))} if query.count else {}
    if accepts_geojson(request):
        collection = feature_collection(data, key_values=query.key_values)
        return geojson_answer(request, collection, headers)
    return answer(request, data, headers=headers)


@ngsi_view(("GET", "POST"), writes=("POST",))
def entities(request: HttpRequest, writer: Writer | None) -> HttpResponse:
    if request.method == "POST":
        assert writer is not None  # ngsi_view refuses a write without one
        body = _body_entity(request)
        entity_upsert(body, gateway=writer.gateway, now=timezone.now(), must_be_new=True)
        eid = body["id"]
        return HttpResponse(status=201, headers={"Location": f"{BASE}/entities/{eid}"})
    return _query_answer(request, request.GET)


@ngsi_view(("POST",))
def entities_query(request: HttpRequest, writer: None) -> HttpResponse:
    """POST /entityOperations/query: the query of GET /entities, given as a Query body."""
    body = body_of(request)
    # A JSON-LD Query names things in its own @context, and the answer speaks it too.
    request.ngsi_context = item_context(request, body)  # type: ignore[attr-defined]
    return _query_answer(request, post_query_params(body, request.GET))


@ngsi_view(("GET", "DELETE", "PATCH", "PUT"), writes=("DELETE", "PATCH", "PUT"))
def entity_detail(request: HttpRequest, entity_id: str, writer: Writer | None) -> HttpResponse:
    device = entity_of(entity_id)
    if request.method == "GET":
        attrs = _attrs(request)
        shown = entity(
            with_states([device], attrs)[0],
            key_values=_key_values(request),
            attrs=attrs,
            sys_attrs="sysAttrs" in _options(request),
        )
        shown = compacted(shown, request_context(request))
        if _concise(request.GET) and not _key_values(request):
            shown = concise(shown)
        if accepts_geojson(request):
            return geojson_answer(request, feature(shown, key_values=_key_values(request)))
        return answer(request, shown)
    assert writer is not None  # ngsi_view refuses a write without one
    if request.method == "DELETE":
        entity_retire(device, gateway=writer.gateway)
        return HttpResponse(status=204)
    body = _body_entity(request)
    if body.get("id") not in (None, entity_id):
        raise NgsiError("BadRequestData", "the id in the body is not the entity's")
    body = dict(body, id=entity_id)
    body.setdefault("type", device.device_type)
    # PATCH merges the body into the entity (Merge Entity); PUT replaces it whole.
    replace = request.method == "PUT"
    entity_upsert(
        body, gateway=writer.gateway, now=timezone.now(), must_exist=True, replace=replace
    )
    return HttpResponse(status=204)


def _update_result(
    request: HttpRequest, updated: list[str], refused: dict[str, str]
) -> HttpResponse:
    """204 when every attribute went through, else 207 with an UpdateResult."""
    if not refused:
        return HttpResponse(status=204)
    ctx = request_context(request)
    result = {
        "updated": [ctx.from_hub(n) for n in updated],
        "notUpdated": [
            {"attributeName": ctx.from_hub(n), "reason": reason} for n, reason in refused.items()
        ],
    }
    return HttpResponse(orjson.dumps(result), status=207, content_type="application/json")


@ngsi_view(("POST", "PATCH"), writes=("POST", "PATCH"))
def entity_attrs(request: HttpRequest, entity_id: str, writer: Writer | None) -> HttpResponse:
    """Append (POST, with options=noOverwrite keeping what is there) or update (PATCH, only
    attributes the entity has) attributes; quantities become readings."""
    assert writer is not None  # ngsi_view refuses a write without one
    device = entity_of(entity_id)
    body = {k: v for k, v in _body_entity(request).items() if k not in ("id", "type")}
    if not body:
        raise NgsiError("BadRequestData", "send an object of attributes")
    present = present_attributes(device)
    if request.method == "PATCH":
        refused = {n: "the entity has no such attribute" for n in body if n not in present}
    elif "noOverwrite" in _options(request):
        refused = {
            n: "the attribute exists and noOverwrite was asked" for n in body if n in present
        }
    else:
        refused = {}
    kept = {n: v for n, v in body.items() if n not in refused}
    if kept:
        attrs_write(device, kept, gateway=writer.gateway, now=timezone.now())
    return _update_result(request, list(kept), refused)


@ngsi_view(("PATCH", "PUT", "DELETE"), writes=("PATCH", "PUT", "DELETE"))
def entity_attribute(
    request: HttpRequest, entity_id: str, attr_id: str, writer: Writer | None
) -> HttpResponse:
    """One attribute: partial update (PATCH), replace (PUT) or delete (DELETE)."""
    assert writer is not None  # ngsi_view refuses a write without one
    device = entity_of(entity_id)
    name = request_context(request).to_hub(attr_id)
    if request.method == "DELETE":
        attribute_delete(device, name, gateway=writer.gateway)
        return HttpResponse(status=204)
    if name not in present_attributes(device):
        raise NgsiError("ResourceNotFound", f"{attr_id} is not an attribute of {entity_id}")
    fragment = body_of(request)
    if not isinstance(fragment, dict) or not ({"value", "object"} & fragment.keys()):
        raise NgsiError("BadRequestData", "send the attribute with its value (or object)")
    fragment = {k: v for k, v in fragment.items() if k != "@context"}
    attrs_write(device, {name: fragment}, gateway=writer.gateway, now=timezone.now())
    return HttpResponse(status=204)


@ngsi_view(("POST",), writes=("POST",))
def batch(request: HttpRequest, mode: str, writer: Writer | None) -> HttpResponse:
    """POST /entityOperations/{create,upsert,update,merge,delete}: each entity on its own;
    201 (created, with their ids), 204 (all done) or 207 (a BatchOperationResult)."""
    assert writer is not None  # ngsi_view refuses a write without one
    if mode not in MODES:
        raise NgsiError("ResourceNotFound", f"no batch operation {mode}")
    items = batch_size_check(body_of(request))
    result = batch_write(
        mode,
        items,
        expand=lambda item: entity_body(item, item_context(request, item)),
        gateway=writer.gateway,
        now=timezone.now(),
        options=_options(request),
    )
    if result.errors:
        return HttpResponse(
            orjson.dumps(result.as_json()), status=207, content_type="application/json"
        )
    if mode == "create" or (mode == "upsert" and result.created):
        return HttpResponse(
            orjson.dumps(result.created), status=201, content_type="application/json"
        )
    return HttpResponse(status=204)


@ngsi_view(("GET", "POST"), writes=("POST",))
def temporal_entities(request: HttpRequest, writer: Writer | None) -> HttpResponse:
    """GET: the temporal evolution of every entity a query selects (type, id, idPattern, q,
    attrs, georel; timerel and lastN as for one entity). POST: a temporal entity, its
    instances stored as readings (201 when the entity is new, 204 when it was there)."""
    if request.method == "POST":
        assert writer is not None  # ngsi_view refuses a write without one
        body = _body_entity(request)
        _device, created = entity_upsert(body, gateway=writer.gateway, now=timezone.now())
        if not created:
            return HttpResponse(status=204)
        eid = body["id"]
        return HttpResponse(status=201, headers={"Location": f"{BASE}/temporal/entities/{eid}"})
    ctx = request_context(request)
    query = entity_query(request.GET, ctx)
    found = devices_matching(query)[query.offset : query.offset + query.limit]
    now = timezone.now()
    data = [compacted(temporal_entity(d, request.GET, now, ctx), ctx) for d in found]
    return answer(request, data)


@ngsi_view(("GET",))
def temporal_entity_detail(request: HttpRequest, entity_id: str, writer: None) -> HttpResponse:
    """The temporal evolution of one entity. Its history is the city's record: deleting or
    rewriting it is not offered (405), new instances come through POST .../attrs."""
    ctx = request_context(request)
    shown = temporal_entity(_device(entity_id), request.GET, timezone.now(), ctx)
    return answer(request, compacted(shown, ctx))


@ngsi_view(("POST",), writes=("POST",))
def temporal_entity_attrs(
    request: HttpRequest, entity_id: str, writer: Writer | None
) -> HttpResponse:
    """New attribute instances of an existing entity, stored through the readings path."""
    assert writer is not None  # ngsi_view refuses a write without one
    device = entity_of(entity_id)
    body = {k: v for k, v in _body_entity(request).items() if k not in ("id", "type")}
    if not body:
        raise NgsiError("BadRequestData", "send an object of attributes")
    attrs_write(device, body, gateway=writer.gateway, now=timezone.now())
    return HttpResponse(status=204)


@ngsi_view(("GET", "POST"), writes=("GET", "POST"))
def subscriptions(request: HttpRequest, writer: Writer | None) -> HttpResponse:
    if request.method == "POST":
        body = body_of(request)
        sub = subscription_create(body, item_context(request, body))
        return HttpResponse(
            status=201, headers={"Location": f"{BASE}/subscriptions/{sub.subscription_id}"}
        )
    now = timezone.now()
    return answer(
        request,
        [
            subscription_representation(s, now, request_context(request))
            for s in NgsiSubscription.objects.order_by("pk")
        ],
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
        body = body_of(request)
        subscription_update(sub, body, item_context(request, body))
        return HttpResponse(status=204)
    return answer(
        request, subscription_representation(sub, timezone.now(), request_context(request))
    )


@ngsi_view(("GET",))
def types(request: HttpRequest, writer: None) -> HttpResponse:
    """The entity types there are entities of: names, or with details=true their attributes."""
    ctx = request_context(request)
    found = catalogue()
    names = sorted(found.entities)
    if request.GET.get("details") == "true":
        return answer(
            request,
            [
                {
                    "id": ctx.expand(ctx.from_hub(name)),
                    "type": "EntityType",
                    "typeName": ctx.from_hub(name),
                    "attributeNames": [ctx.from_hub(a) for a in found.attribute_names(name)],
                }
                for name in names
            ],
        )
    return answer(
        request,
        {
            "id": "urn:ngsi-ld:EntityTypeList:balti",
            "type": "EntityTypeList",
            "typeList": [ctx.from_hub(name) for name in names],
        },
    )


@ngsi_view(("GET",))
def type_detail(request: HttpRequest, type_name: str, writer: None) -> HttpResponse:
    ctx = request_context(request)
    name = ctx.to_hub(type_name)
    found = catalogue()
    if not found.entities[name]:
        raise NgsiError("ResourceNotFound", f"there are no entities of type {type_name}")
    return answer(
        request,
        {
            "id": ctx.expand(ctx.from_hub(name)),
            "type": "EntityTypeInfo",
            "typeName": ctx.from_hub(name),
            "entityCount": found.entities[name],
            "attributeDetails": [
                {
                    "id": ctx.expand(ctx.from_hub(a)),
                    "type": "Attribute",
                    "attributeName": ctx.from_hub(a),
                    "attributeTypes": attribute_types(a),
                }
                for a in found.attribute_names(name)
            ],
        },
    )


@ngsi_view(("GET",))
def attributes(request: HttpRequest, writer: None) -> HttpResponse:
    """The attribute names entities have: names, or with details=true with their types."""
    ctx = request_context(request)
    found = catalogue()
    names = found.attribute_names()
    if request.GET.get("details") == "true":
        return answer(
            request,
            [
                {
                    "id": ctx.expand(ctx.from_hub(a)),
                    "type": "Attribute",
                    "attributeName": ctx.from_hub(a),
                    "typeNames": [ctx.from_hub(t) for t in sorted(found.attributes[a])],
                }
                for a in names
            ],
        )
    return answer(
        request,
        {
            "id": "urn:ngsi-ld:AttributeList:balti",
            "type": "AttributeList",
            "attributeList": [ctx.from_hub(a) for a in names],
        },
    )


@ngsi_view(("GET",))
def attribute_detail(request: HttpRequest, attr_name: str, writer: None) -> HttpResponse:
    ctx = request_context(request)
    name = ctx.to_hub(attr_name)
    found = catalogue()
    by_type = found.attributes.get(name)
    if not by_type:
        raise NgsiError("ResourceNotFound", f"no entity has the attribute {attr_name}")
    return answer(
        request,
        {
            "id": ctx.expand(ctx.from_hub(name)),
            "type": "Attribute",
            "attributeName": ctx.from_hub(name),
            "attributeCount": sum(by_type.values()),
            "attributeTypes": attribute_types(name),
            "typeNames": [ctx.from_hub(t) for t in sorted(by_type)],
        },
    )


def _hosted_contexts() -> list[dict[str, str]]:
    return [
        {"URL": own_url(), "localId": "balti", "kind": "Hosted"},
        {"URL": CORE_CONTEXT, "localId": "core", "kind": "Cached"},
    ]


@ngsi_view(("GET", "POST"))
def jsonld_contexts(request: HttpRequest, writer: None) -> HttpResponse:
    """The @contexts this API resolves: its own and the core; it keeps no others."""
    if request.method == "POST":
        raise NgsiError(
            "OperationNotSupported",
            "this API keeps no contexts of its clients: give yours inline",
            status=501,
        )
    hosted = _hosted_contexts()
    if request.GET.get("details") == "true":
        return HttpResponse(orjson.dumps(hosted), content_type="application/json")
    return HttpResponse(orjson.dumps([c["URL"] for c in hosted]), content_type="application/json")


@ngsi_view(("GET",))
def jsonld_context(request: HttpRequest, context_id: str, writer: None) -> HttpResponse:
    """One of the contexts of GET /jsonldContexts, by its local id or its URL."""
    for hosted in _hosted_contexts():
        if context_id in (hosted["localId"], hosted["URL"]):
            terms = own_document() if hosted["localId"] == "balti" else core_document()
            return HttpResponse(orjson.dumps({"@context": terms}), content_type=JSON_LD)
    raise NgsiError("ResourceNotFound", f"no @context {context_id} is kept here")


@ngsi_view(("GET", "POST", "PATCH", "PUT", "DELETE"))
def not_offered(request: HttpRequest, writer: None, **_kwargs: object) -> HttpResponse:
    """Context source registrations and their subscriptions: the hub is the only source
    of its entities, so it offers no registry (an optional part of the standard)."""
    raise NgsiError(
        "OperationNotSupported",
        "this API holds its own entities and offers no context source registry",
        status=501,
    )


@ngsi_view(("GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS"))
def not_found(request: HttpRequest, writer: None, **_kwargs: object) -> HttpResponse:
    raise NgsiError("ResourceNotFound", f"there is no resource at {request.path}")


def context_document(request: HttpRequest) -> HttpResponse:
    """Our @context: each attribute name to the Smart Data Models' vocabulary."""
    body = {"@context": own_document()}
    response = HttpResponse(orjson.dumps(body), content_type="application/ld+json")
    response["Cache-Control"] = "public, max-age=86400"
    return response
