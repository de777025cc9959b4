"""Reading the query of GET /entities: type, id, q, attrs, geo-query, paging, options."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace

from django.db.models import Exists, OuterRef
from django.http import QueryDict
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from smartcity.devices.models import Device, DeviceState
from smartcity.devices.ngsi_ld.context import Context, own_context
from smartcity.devices.ngsi_ld.entities import parse_entity_id
from smartcity.devices.ngsi_ld.errors import NgsiError
from smartcity.devices.ngsi_ld.query import QueryError, parse_q, q_filter
from smartcity.devices.selectors import Condition, devices_filter, distance_m
from smartcity.devices.types import DEVICE_TYPES

DEFAULT_LIMIT = 20
MAX_LIMIT = 1000


@dataclass(frozen=True)
class GeoQuery:
    relation: str  # near, within, intersects, disjoint
    geometry: BaseGeometry
    max_distance: float | None = None
    min_distance: float | None = None

    def matches(self, device: Device) -> bool:
        point = Point(device.longitude, device.latitude)
        if self.relation == "near":
            centre = self.geometry
            metres = distance_m(centre.y, centre.x, device.latitude, device.longitude)
            if self.max_distance is not None and metres > self.max_distance:
                return False
            return self.min_distance is None or metres >= self.min_distance
        if self.relation == "disjoint":
            return self.geometry.disjoint(point)
        return self.geometry.covers(point)  # within and intersects, for points


@dataclass(frozen=True)
class EntityQuery:
    types: list[str]
    refs: list[str] | None
    id_pattern: re.Pattern | None
    q: list[list[Condition]] | None
    attrs: set[str] | None
    geo: GeoQuery | None
    limit: int
    offset: int
    count: bool
    key_values: bool


def _int(params: QueryDict, name: str, default: int, maximum: int | None = None) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    if not raw.isdigit():
        raise NgsiError("BadRequestData", f"{name} must be a non-negative integer")
    value = int(raw)
    if maximum is not None and value > maximum:
        raise NgsiError("BadRequestData", f"{name} may be at most {maximum}")
    return value


def _list(params: QueryDict, name: str) -> list[str]:
    return [item.strip() for item in params.get(name, "").split(",") if item.strip()]


def geo_query(params: QueryDict) -> GeoQuery | None:
    georel = params.get("georel")
    if georel is None:
        if params.get("geometry") or params.get("coordinates"):
            raise NgsiError("BadRequestData", "geometry and coordinates need georel")
        return None
    relation, *modifiers = georel.split(";")
    if relation not in ("near", "within", "intersects", "disjoint"):
        raise NgsiError("BadRequestData", f"georel {relation!r} is not supported")
    kind = params.get("geometry")
    try:
        coordinates = json.loads(params.get("coordinates", ""))
        geometry = shape({"type": kind, "coordinates": coordinates})
    except (ValueError, TypeError, AttributeError, IndexError) as exc:
        raise NgsiError("BadRequestData", f"invalid geometry or coordinates: {exc}") from None
    distances: dict[str, float] = {}
    for modifier in modifiers:
        name, _sep, value = modifier.partition("==")
        try:
            distances[name] = float(value)
        except ValueError:
            raise NgsiError("BadRequestData", f"invalid georel modifier {modifier!r}") from None
    if relation == "near":
        if kind != "Point" or not distances.keys() & {"maxDistance", "minDistance"}:
            raise NgsiError("BadRequestData", "near needs a Point and maxDistance or minDistance")
    elif kind not in ("Polygon", "MultiPolygon", "Point"):
        raise NgsiError("BadRequestData", f"{relation} needs a Polygon")
    return GeoQuery(relation, geometry, distances.get("maxDistance"), distances.get("minDistance"))


def _hub_names(q: list[list[Condition]], ctx: Context) -> list[list[Condition]]:
    return [[replace(c, quantity=ctx.to_hub(c.quantity)) for c in group] for group in q]


def entity_query(params: QueryDict, ctx: Context | None = None) -> EntityQuery:
    """The query, its names (type, attrs, q) taken to the hub's through the client's context."""
    ctx = ctx or own_context()
    # `A,B` and `A|B` both select either type (the type selection language of 1.6 on).
    types = [ctx.to_hub(t) for name in _list(params, "type") for t in name.split("|") if t]
    ids = _list(params, "id")
    refs = None
    if ids:
        refs = [p[1] for p in map(parse_entity_id, ids) if p is not None]
    pattern = params.get("idPattern")
    raw_q = params.get("q")
    try:
        id_pattern = re.compile(pattern) if pattern else None
        q = _hub_names(parse_q(raw_q), ctx) if raw_q else None
    except (re.error, QueryError) as exc:
        raise NgsiError("BadRequestData", str(exc)) from None
    attrs = {ctx.to_hub(a) for a in _list(params, "attrs")} or None
    geo = geo_query(params)
    if not (types or ids or id_pattern or q or attrs or geo):
        raise NgsiError(
            "BadRequestData", "give at least one of type, id, idPattern, q, attrs or georel"
        )
    options = set(_list(params, "options"))
    return EntityQuery(
        types=types,
        refs=refs,
        id_pattern=id_pattern,
        q=q,
        attrs=attrs,
        geo=geo,
        limit=_int(params, "limit", DEFAULT_LIMIT, MAX_LIMIT),
        offset=_int(params, "offset", 0),
        count=params.get("count") == "true",
        key_values="keyValues" in options or params.get("format") in ("simplified", "keyValues"),
    )


def devices_matching(query: EntityQuery) -> list[Device]:
    """Every device the query selects, in id order (before paging).

    Types the hub does not hold are not an error: they simply select nothing.
    """
    types = [t for t in query.types if t in DEVICE_TYPES]
    if (query.types and not types) or query.refs == []:
        return []
    devices = devices_filter(refs=query.refs).select_related("department")
    if types:
        devices = devices.filter(device_type__in=types)
    if query.q:
        devices = devices.filter(q_filter(query.q, types[0] if len(types) == 1 else None))
    quantities = {name for t in DEVICE_TYPES.values() for name in t.quantities}
    if query.attrs and query.attrs <= quantities:
        # Only entities that have at least one of the attributes asked for.
        devices = devices.filter(
            Exists(
                DeviceState.objects.filter(device=OuterRef("pk"), quantity__in=list(query.attrs))
            )
        )
    found = list(devices)
    if query.id_pattern:
        found = [
            d for d in found if query.id_pattern.search(f"urn:ngsi-ld:{d.device_type}:{d.ref}")
        ]
    if query.geo:
        found = [d for d in found if query.geo.matches(d)]
    return found


def post_query_params(body: object, url_params: QueryDict) -> QueryDict:
    """The parameters of GET /entities that a Query body (POST /entityOperations/query)
    stands for; paging and options stay in the URL."""
    if not isinstance(body, dict) or body.get("type") not in ("Query", ["Query"]):
        raise NgsiError("BadRequestData", 'a query is an object with "type": "Query"')
    params = url_params.copy()
    selectors = body.get("entities") or []
    if not isinstance(selectors, list) or not all(isinstance(s, dict) for s in selectors):
        raise NgsiError("BadRequestData", "entities must be a list of selectors")
    for key in ("type", "id", "idPattern"):
        values = [str(s[key]) for s in selectors if s.get(key)]
        if values:
            params[key] = values[0] if key == "idPattern" else ",".join(values)
    attrs = body.get("attrs")
    if attrs is not None:
        if not isinstance(attrs, list) or not all(isinstance(a, str) for a in attrs):
            raise NgsiError("BadRequestData", "attrs must be a list of names")
        params["attrs"] = ",".join(attrs)
    if isinstance(body.get("q"), str):
        params["q"] = body["q"]
    geo = body.get("geoQ")
    if isinstance(geo, dict):
        params["georel"] = str(geo.get("georel", ""))
        params["geometry"] = str(geo.get("geometry", ""))
        coordinates = geo.get("coordinates")
        params["coordinates"] = (
            coordinates if isinstance(coordinates, str) else json.dumps(coordinates)
        )
    return params
