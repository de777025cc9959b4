"""The data hub's JSON API for the platform's own pages and integrators (read only).

FIWARE tools use the NGSI-LD API at /ngsi-ld/v1/; this one is simpler and typed.
"""

from __future__ import annotations

import datetime

import orjson
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from smartcity.config.api_errors import error_responses
from smartcity.devices import selectors
from smartcity.devices.models import Device
from smartcity.devices.ngsi_ld.query import QueryError, parse_q
from smartcity.devices.types import DEVICE_TYPES

router = Router(tags=["devices"])
MAX_DEVICES = 5000


class DeviceFilter(Schema):
    type: str | None = Field(None, description="a device type, e.g. StreetLight")
    district: str | None = Field(None, description="a district's slug")
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    radius: float | None = Field(None, gt=0, le=20_000, description="metres around lat/lon")
    bbox: str | None = Field(None, description="min_lon,min_lat,max_lon,max_lat")
    where: str | None = Field(
        None, description='current values, e.g. pm25>25;powerState=="on" (";" is and)'
    )
    limit: int = Field(1000, ge=1, le=MAX_DEVICES)


class Value(Schema):
    value: float | str
    observed_at: datetime.datetime


class DeviceOut(Schema):
    id: str
    type: str
    name: str
    latitude: float
    longitude: float
    district: str | None
    connected: bool
    state: dict[str, Value]


class Point(Schema):
    start: datetime.datetime
    value: float
    count: int


@router.get(
    "/",
    response={200: list[DeviceOut], **error_responses(400)},
    summary="Devices and their current state",
)
def devices(request: HttpRequest, filters: Query[DeviceFilter]) -> list[dict]:
    if filters.type and filters.type not in DEVICE_TYPES:
        raise HttpError(400, f"unknown type; one of {', '.join(DEVICE_TYPES)}")
    near = None
    if filters.radius is not None:
        if filters.lat is None or filters.lon is None:
            raise HttpError(400, "radius needs lat and lon")
        near = (filters.lat, filters.lon, filters.radius)
    views = selectors.devices_current(
        device_type=filters.type,
        district_slug=filters.district,
        near=near,
        bbox=_bbox(filters.bbox),
        conditions=_conditions(filters.where),
    )[: filters.limit]
    return [
        {
            "id": v.device.ref,
            "type": v.device.device_type,
            "name": v.device.name,
            "latitude": v.device.latitude,
            "longitude": v.device.longitude,
            "district": v.device.district.slug if v.device.district else None,
            "connected": v.device.is_connected,
            "state": {
                q: {"value": v.value(q), "observed_at": s.observed_at} for q, s in v.states.items()
            },
        }
        for v in views
    ]


def _bbox(raw: str | None) -> tuple[float, float, float, float] | None:
    if not raw:
        return None
    try:
        min_lon, min_lat, max_lon, max_lat = (float(part) for part in raw.split(","))
    except ValueError:
        raise HttpError(400, "bbox is min_lon,min_lat,max_lon,max_lat") from None
    return (min_lat, min_lon, max_lat, max_lon)


def _conditions(raw: str | None) -> list[selectors.Condition]:
    if not raw:
        return []
    try:
        groups = parse_q(raw)
    except QueryError as exc:
        raise HttpError(400, f"where: {exc}") from None
    if len(groups) != 1 or any(c.operator == "exists" for c in groups[0]):
        raise HttpError(400, "where takes comparisons joined by ';'")
    return groups[0]


class StatesQuery(Schema):
    type: str = Field(description="a device type, e.g. StreetLight")
    district: str | None = Field(None, description="a district's slug")
    quantity: str | None = Field(
        None, description="only these quantities, comma-separated, e.g. powerState,activePower"
    )


@router.get(
    "/states",
    response={200: None, **error_responses(400)},
    summary="The latest values of every device of a type, by device id",
    description='{"SL-00012": {"powerState": {"value": "on", "observed_at": "…"}, …}, …}, '
    "sorted by id; a device that has reported nothing has {}. Built for thousands of "
    "devices at once (a district's street lights for a map), without the devices' details.",
)
def states(request: HttpRequest, query: Query[StatesQuery]) -> HttpResponse:
    device_type = DEVICE_TYPES.get(query.type)
    if device_type is None:
        raise HttpError(400, f"unknown type; one of {', '.join(DEVICE_TYPES)}")
    quantities = None
    if query.quantity:
        quantities = [name.strip() for name in query.quantity.split(",") if name.strip()]
        unknown = [name for name in quantities if name not in device_type.quantities]
        if unknown:
            raise HttpError(400, f"a {query.type} does not report {', '.join(unknown)}")
    found = selectors.states_current(
        device_type=query.type, district_slug=query.district, quantities=quantities
    )
    body = {
        ref: {
            name: {"value": state.shown(device_type, name), "observed_at": state.observed_at}
            for name, state in values.items()
        }
        for ref, values in found.items()
    }
    # Straight to JSON: a schema would check 30,000 values one by one.
    return HttpResponse(
        orjson.dumps(body, option=orjson.OPT_UTC_Z), content_type="application/json"
    )


class HistoryQuery(Schema):
    quantity: str
    start: datetime.datetime
    end: datetime.datetime
    interval: str = Field("hour", pattern="^(raw|hour|day)$")
    aggregate: str = Field("avg", pattern="^(avg|min|max|sum|count)$")


@router.get(
    "/{ref}/history",
    response={200: list[Point], **error_responses(400, 404)},
    summary="A device's values over time",
)
def history(request: HttpRequest, ref: str, query: Query[HistoryQuery]) -> list[selectors.Point]:
    device = Device.objects.filter(ref=ref, is_active=True).first()
    if device is None:
        raise HttpError(404, "no such device")
    if query.quantity not in DEVICE_TYPES[device.device_type].quantities:
        raise HttpError(400, f"a {device.device_type} does not report {query.quantity}")
    if query.start.tzinfo is None or query.end.tzinfo is None:
        raise HttpError(400, "start and end need a time zone")
    if query.end <= query.start:
        raise HttpError(400, "end must be after start")
    if query.interval == "raw" and query.end - query.start > datetime.timedelta(days=31):
        raise HttpError(400, "raw readings are served for at most 31 days; use hour or day")
    return selectors.history(
        device=device,
        quantity=query.quantity,
        start=query.start,
        end=query.end,
        interval=query.interval,
        aggregate=query.aggregate,
    )
