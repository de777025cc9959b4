"""Devices as NGSI-LD entities (normalized or keyValues), and entity ids both ways."""

from __future__ import annotations

import datetime

from smartcity.devices.ngsi_ld.context import (
    CORE_CONTEXT,
    HUB_ATTRIBUTES,
    Context,
    link_header,
    own_context,
    own_url,
)
from smartcity.devices.selectors import DeviceView
from smartcity.devices.types import DEVICE_TYPES

PREFIX = "urn:ngsi-ld:"
# Attributes every entity has, besides the quantities of its type.
COMMON_ATTRIBUTES = HUB_ATTRIBUTES


def context_url() -> str:
    return own_url()


def context_link() -> str:
    """The Link header that gives a plain-JSON body the hub's own JSON-LD context."""
    return link_header(own_context())


def context() -> list:
    return [context_url(), CORE_CONTEXT]


def compacted(data: dict[str, object], ctx: Context) -> dict[str, object]:
    """An entity in hub names, renamed to the names of the client's @context."""
    result: dict[str, object] = {}
    for name, value in data.items():
        if name == "type" and isinstance(value, str):
            value = ctx.from_hub(value)
        result[ctx.from_hub(name)] = value
    return result


def attribute_type(name: str) -> str:
    """The NGSI-LD attribute type of a hub attribute."""
    if name == "location":
        return "GeoProperty"
    if name.startswith("ref"):
        return "Relationship"
    return "Property"


def entity_id(device_type: str, ref: str) -> str:
    return f"{PREFIX}{device_type}:{ref}"


def parse_entity_id(value: str) -> tuple[str, str] | None:
    """(type, ref) of one of our entity ids, or None."""
    if not value.startswith(PREFIX):
        return None
    device_type, _sep, ref = value[len(PREFIX) :].partition(":")
    if device_type not in DEVICE_TYPES or not ref:
        return None
    return device_type, ref


def _time(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def _static_attributes(view: DeviceView) -> dict[str, object]:
    device = view.device
    address = {"addressLocality": "Bălți", "addressCountry": "MD"}
    if device.address:
        address["streetAddress"] = device.address
    values: dict[str, object] = {
        "location": {"type": "Point", "coordinates": [device.longitude, device.latitude]},
        "address": address,
    }
    if device.name:
        values["name"] = device.name
    if device.district is not None:
        values["areaServed"] = device.district.name
    if device.department is not None:
        values["responsible"] = device.department.slug
    values.update(device.attributes or {})
    return values


def _normalized(name: str, value: object) -> dict[str, object]:
    if name == "location":
        return {"type": "GeoProperty", "value": value}
    if name.startswith("ref") and isinstance(value, str):
        return {"type": "Relationship", "object": value}
    return {"type": "Property", "value": value}


def _system_attributes(view: DeviceView) -> dict[str, str]:
    """createdAt and modifiedAt: the entity changes when the device is edited and when a
    reading arrives."""
    device = view.device
    changed = max(filter(None, (device.modified_at, view.last_seen)))
    return {"createdAt": _time(device.created_at), "modifiedAt": _time(changed)}


def entity(
    view: DeviceView,
    *,
    key_values: bool = False,
    attrs: set[str] | None = None,
    sys_attrs: bool = False,
) -> dict[str, object]:
    device = view.device
    result: dict[str, object] = {
        "id": entity_id(device.device_type, device.ref),
        "type": device.device_type,
    }
    if sys_attrs and not key_values:
        result.update(_system_attributes(view))
    for name, value in _static_attributes(view).items():
        if attrs is not None and name not in attrs:
            continue
        result[name] = value if key_values else _normalized(name, value)
    kind = DEVICE_TYPES[device.device_type]
    for name, state in sorted(view.states.items()):
        if attrs is not None and name not in attrs:
            continue
        shown = state.shown(kind, name)
        if key_values:
            result[name] = shown
            continue
        prop: dict[str, object] = {
            "type": "Property",
            "value": shown,
            "observedAt": _time(state.observed_at),
        }
        quantity = kind.quantities.get(name)
        if quantity and quantity.unit_code:
            prop["unitCode"] = quantity.unit_code
        result[name] = prop
    return result


def feature(data: dict[str, object], *, key_values: bool = False) -> dict[str, object]:
    """An entity (already compacted) as a GeoJSON Feature, its location the geometry."""
    location = data.get("location")
    geometry = location.get("value") if isinstance(location, dict) and not key_values else location
    properties = {k: v for k, v in data.items() if k != "id"}
    return {"id": data["id"], "type": "Feature", "geometry": geometry, "properties": properties}


def feature_collection(items: list[dict[str, object]], *, key_values: bool = False) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [feature(i, key_values=key_values) for i in items],
    }


def concise(data: dict[str, object]) -> dict[str, object]:
    """The concise form of a normalized entity (CIM 009 1.6, 4.5.10): attribute types
    dropped, a property with nothing but its value written as the value itself."""
    result: dict[str, object] = {}
    for name, attribute in data.items():
        if isinstance(attribute, dict) and attribute.get("type") in (
            "Property",
            "GeoProperty",
            "Relationship",
        ):
            members = {k: v for k, v in attribute.items() if k != "type"}
            attribute = members["value"] if members.keys() == {"value"} else members
        result[name] = attribute
    return result
