"""Batch entity operations (POST /entityOperations/{create,upsert,update,merge,delete}).

Each entity is written on its own (its own transaction): one refused entity does not undo
the others, and the BatchOperationResult says which went through (CIM 009, 5.6.7–5.6.10).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from smartcity.devices import services
from smartcity.devices.models import Device, Gateway
from smartcity.devices.ngsi_ld.entities import parse_entity_id
from smartcity.devices.ngsi_ld.errors import NgsiError
from smartcity.devices.ngsi_ld.writes import (
    Entity,
    attrs_write,
    entity_upsert,
    present_attributes,
    writer_check,
)

BATCH_MAX = 1000
MODES = ("create", "upsert", "update", "merge", "delete")


@dataclass
class BatchResult:
    success: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    errors: list[dict[str, object]] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {"success": self.success, "errors": self.errors}


def _refused(result: BatchResult, entity_id: object, error: NgsiError) -> None:
    result.errors.append(
        {"entityId": entity_id if isinstance(entity_id, str) else None, "error": error.problem()}
    )


def batch_size_check(body: object) -> list:
    if not isinstance(body, list) or not body:
        raise NgsiError("BadRequestData", "send a non-empty array")
    if len(body) > BATCH_MAX:
        raise NgsiError("RequestEntityTooLarge", f"at most {BATCH_MAX} entities per batch")
    return body


def entity_of(entity_id: str) -> Device:
    """The active device of an entity id, or ResourceNotFound."""
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


def entity_retire(device: Device, *, gateway: Gateway | None) -> None:
    """Delete an entity: its device is retired, not erased; its history still answers
    questions about the past."""
    writer_check(device, gateway)
    services.device_retire(device=device)


def batch_write(
    mode: str,
    items: list,
    *,
    expand: Callable[[object], Entity],
    gateway: Gateway | None,
    now: datetime.datetime,
    options: set[str],
) -> BatchResult:
    """Apply one batch operation to each item; every outcome is in the result."""
    result = BatchResult()
    for item in items:
        entity_id = item if mode == "delete" else item.get("id") if isinstance(item, dict) else None
        try:
            if mode == "delete":
                if not isinstance(item, str):
                    raise NgsiError("BadRequestData", "delete takes an array of entity ids")
                entity_retire(entity_of(item), gateway=gateway)
            else:
                created = _write_one(mode, expand(item), gateway=gateway, now=now, options=options)
                if created:
                    result.created.append(str(entity_id))
        except NgsiError as error:
            _refused(result, entity_id, error)
            continue
        result.success.append(str(entity_id))
    return result


def _write_one(
    mode: str, body: Entity, *, gateway: Gateway | None, now: datetime.datetime, options: set[str]
) -> bool:
    if mode == "create":
        return entity_upsert(body, gateway=gateway, now=now, must_be_new=True)[1]
    if mode == "upsert":
        # replace (the default) rewrites an existing entity whole; update merges into it.
        replace = "update" not in options
        return entity_upsert(body, gateway=gateway, now=now, replace=replace)[1]
    entity_id = body.get("id")
    if not isinstance(entity_id, str):
        raise NgsiError("BadRequestData", "each entity needs an id")
    device = entity_of(entity_id)
    if mode == "update" and "noOverwrite" in options:
        present = present_attributes(device)
        body = {k: v for k, v in body.items() if k not in present or k in ("id", "type")}
    attrs_write(device, body, gateway=gateway, now=now)
    return False
