"""NGSI-LD writes: an entity body becomes a registered device and its readings.

Attributes that are quantities of the entity's type are readings (stored through the
same validated, idempotent path as MQTT and HTTP ingestion, at their `observedAt` or
now); `location`, `name` and `address` describe the device; anything else is kept
among the device's attributes.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction

from smartcity.devices import services
from smartcity.devices.ingest import (
    Credential,
    IngestResult,
    ReadingMessage,
    directory,
    readings_ingest,
)
from smartcity.devices.models import Device, DeviceState, Gateway
from smartcity.devices.ngsi_ld.context import Context
from smartcity.devices.ngsi_ld.entities import _time, entity, parse_entity_id
from smartcity.devices.ngsi_ld.entities import entity_id as id_of
from smartcity.devices.ngsi_ld.errors import NgsiError
from smartcity.devices.selectors import with_states
from smartcity.devices.types import DEVICE_TYPES

if TYPE_CHECKING:
    from smartcity.city.models import Department

DESCRIPTIVE = {"location", "name", "address", "@context", "id", "type"}

# An entity body as JSON gives it: attribute names to whatever each holds.
Entity = dict[str, object]


class Description(TypedDict):
    """The device_register arguments an entity body gives."""

    latitude: float
    longitude: float
    name: str
    address: str
    attributes: dict[str, object]
    department: Department | None


def _value(attribute: object) -> object:
    if isinstance(attribute, dict):
        if attribute.get("type") == "Relationship":
            return attribute.get("object")
        if "value" in attribute:
            return attribute["value"]
        if "object" in attribute and "type" not in attribute:
            return attribute["object"]  # a relationship in the concise form
    return attribute  # keyValues (simplified) form


def _location(body: Entity, device: Device | None) -> tuple[float, float]:
    if "location" not in body:
        if device is None:
            raise NgsiError("BadRequestData", "a new entity needs a location (a GeoJSON Point)")
        return device.latitude, device.longitude
    geometry = _value(body["location"])
    try:
        if not isinstance(geometry, dict) or geometry.get("type") != "Point":
            raise TypeError
        longitude, latitude = geometry["coordinates"][:2]
        return float(latitude), float(longitude)
    except (TypeError, KeyError, ValueError, IndexError):
        raise NgsiError("BadRequestData", "location must be a GeoJSON Point") from None


def _readings(
    body: Entity, device_type: str, ref: str, now: datetime.datetime
) -> list[ReadingMessage]:
    """One reading per distinct observedAt among the body's quantity attributes."""
    quantities = DEVICE_TYPES[device_type].quantities
    by_time: dict[str, dict[str, object]] = {}
    for name, attribute in body.items():
        if name not in quantities:
            continue
        # A temporal body (POST /temporal/entities) gives a list of instances.
        for instance in attribute if isinstance(attribute, list) else [attribute]:
            moment = instance.get("observedAt") if isinstance(instance, dict) else None
            moment = moment or _time(now)
            value = instance
            if isinstance(instance, dict) and "value" in instance:
                value = {k: instance[k] for k in ("value", "unitCode") if k in instance}
            by_time.setdefault(moment, {})[name] = value
    return [{"device": ref, "observedAt": t, "values": v} for t, v in by_time.items()]


def entity_body(body: object, ctx: Context | None = None) -> Entity:
    """The body as an entity in the hub's names; NgsiError unless it is a JSON object.

    Attribute names and the type are expanded against the client's @context and taken
    back to the hub's own names (see `context`)."""
    if not isinstance(body, dict):
        raise NgsiError("BadRequestData", "an entity must be a JSON object")
    if ctx is None:
        return body
    result: Entity = {}
    for name, value in body.items():
        if name == "@context":
            continue
        if name == "type":
            if isinstance(value, list) and len(value) == 1:
                value = value[0]  # one type, written as a list
            if isinstance(value, str):
                value = ctx.to_hub(value)
        result[ctx.to_hub(name)] = value
    return result


def present_attributes(device: Device) -> set[str]:
    """The names of the attributes the entity of a device shows now."""
    shown = entity(with_states([device])[0])
    return set(shown) - {"id", "type"}


def writer_check(device: Device, gateway: Gateway | None) -> None:
    """A gateway writes only the devices behind it; the city's own token writes any."""
    if gateway is not None and device.gateway_id != gateway.pk:
        raise NgsiError("BadRequestData", f"{device.ref} is not behind this gateway")


def _parse_id(body: Entity) -> tuple[str, str]:
    entity_id, declared_type = body.get("id"), body.get("type")
    parsed = parse_entity_id(entity_id) if isinstance(entity_id, str) else None
    if parsed is None:
        raise NgsiError(
            "BadRequestData",
            "id must be urn:ngsi-ld:<type>:<device id> with a type among "
            + ", ".join(DEVICE_TYPES),
        )
    if declared_type not in (None, parsed[0]):
        raise NgsiError("BadRequestData", f"type {declared_type!r} does not match the id")
    return parsed


def _described(
    body: Entity, device_type: str, device: Device | None, *, replace: bool = False
) -> Description:
    """The device_register arguments an entity body gives (keeping what it leaves out,
    unless the body replaces the entity: then only where the device stands is kept)."""
    latitude, longitude = _location(body, device)
    kept = device if device is not None and not replace else None
    extra: dict[str, object] = dict(kept.attributes if kept else {})
    quantities = DEVICE_TYPES[device_type].quantities
    for name, attribute in body.items():
        if name not in DESCRIPTIVE and name not in quantities:
            extra[name] = _value(attribute)
    address = _value(body.get("address", {})) or {}
    street = address.get("streetAddress", "") if isinstance(address, dict) else str(address)
    return {
        "latitude": latitude,
        "longitude": longitude,
        "name": str(_value(body["name"])) if "name" in body else (kept.name if kept else ""),
        "address": street[:200] or (kept.address if kept else ""),
        "attributes": extra,
        "department": device.department if device else None,
    }


def entity_upsert(
    body: Entity,
    *,
    gateway: Gateway | None,
    now: datetime.datetime,
    must_be_new: bool = False,
    must_exist: bool = False,
    replace: bool = False,
) -> tuple[Device, bool]:
    """Create or update the device an NGSI-LD entity describes; returns (device, created).

    Attributes the body leaves out are kept (merge), unless `replace`: then they are
    gone from the entity (their readings stay in the history). A gateway may only write
    the devices behind it (and the devices it creates are put behind it); staff may
    write any. The device and its readings are written together or not at all. Raises
    NgsiError with the standard's error type.
    """
    device_type, ref = _parse_id(body)
    entity_id = body["id"]
    device = Device.objects.filter(ref=ref).first()
    existed = device is not None and device.is_active
    if device is not None and device.device_type != device_type:
        raise NgsiError("AlreadyExists", f"{ref} exists as a {device.device_type}")
    if must_be_new and existed:
        raise NgsiError("AlreadyExists", f"{entity_id} already exists")
    if must_exist and not existed:
        raise NgsiError("ResourceNotFound", f"{entity_id} does not exist")
    if device is not None:
        writer_check(device, gateway)
    described = _described(body, device_type, device if existed else None, replace=replace)
    owner = gateway if gateway is not None else (device.gateway if device else None)
    try:
        with transaction.atomic():
            try:
                device = services.device_register(
                    ref=ref, device_type=device_type, gateway=owner, **described
                )
            except ValidationError as exc:
                raise NgsiError("BadRequestData", "; ".join(exc.messages)) from None
            entity_readings(body, device, now)
            if replace or not existed:
                # States left from before a replace, or from the retired device's past life.
                DeviceState.objects.filter(device=device).exclude(quantity__in=list(body)).delete()
    except NgsiError:
        directory.clear()  # it may have cached the device that was rolled back
        raise
    return device, not existed


def entity_readings(body: Entity, device: Device, now: datetime.datetime) -> IngestResult:
    """Store the quantity attributes of an entity body as readings of its device.

    Call inside a transaction: a refused value raises, and the caller's writes go too.
    """
    readings = _readings(body, device.device_type, device.ref, now)
    if not readings:
        return IngestResult()
    result = readings_ingest(readings, credential=Credential(device_id=device.pk), now=now)
    if result.rejected:
        raise NgsiError("BadRequestData", "; ".join(r.detail for r in result.rejected))
    return result


def attribute_delete(device: Device, name: str, *, gateway: Gateway | None) -> None:
    """Take one attribute off an entity. A quantity's readings stay in the history; where
    the device stands and what follows from it (district, department) cannot go."""
    writer_check(device, gateway)
    if name not in present_attributes(device):
        raise NgsiError("ResourceNotFound", f"{name} is not an attribute of this entity")
    if name in ("location", "areaServed", "responsible"):
        raise NgsiError(
            "OperationNotSupported", f"{name} follows from the device itself and cannot be removed"
        )
    with transaction.atomic():
        if name in DEVICE_TYPES[device.device_type].quantities:
            DeviceState.objects.filter(device=device, quantity=name).delete()
        elif name in ("name", "address"):
            Device.objects.filter(pk=device.pk).update(**{name: ""})
        else:
            attributes = dict(device.attributes or {})
            attributes.pop(name, None)
            Device.objects.filter(pk=device.pk).update(attributes=attributes)
    directory.clear()


def attrs_write(
    device: Device, body: Entity, *, gateway: Gateway | None, now: datetime.datetime
) -> None:
    """Append or overwrite attributes of an existing entity; the others stay."""
    declared = body.get("type")
    if declared not in (None, device.device_type):
        raise NgsiError("BadRequestData", f"type {declared!r} does not match the entity")
    body = dict(body, id=id_of(device.device_type, device.ref), type=device.device_type)
    entity_upsert(body, gateway=gateway, now=now, must_exist=True)
