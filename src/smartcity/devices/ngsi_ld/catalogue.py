"""What the hub's entities are made of: GET /types and GET /attributes (CIM 009, 5.7.5–5.7.10).

Reads only: types and attribute names are counted over the active devices, their extra
attributes and their latest readings, in hub names (the views compact them).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from smartcity.devices.models import Device, DeviceState
from smartcity.devices.ngsi_ld.context import HUB_ATTRIBUTES
from smartcity.devices.ngsi_ld.entities import attribute_type


@dataclass
class Catalogue:
    entities: Counter[str] = field(default_factory=Counter)  # type → entities
    # attribute → type → entities that have it
    attributes: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def attribute_names(self, device_type: str | None = None) -> list[str]:
        return sorted(
            name
            for name, by_type in self.attributes.items()
            if device_type is None or by_type[device_type]
        )


def catalogue() -> Catalogue:
    """Every type with its entity count, and every attribute with the types that have it."""
    found = Catalogue()
    devices = Device.objects.filter(is_active=True)
    for device_type, name, has_district, has_department, extra in devices.values_list(
        "device_type", "name", "district_id", "department_id", "attributes"
    ):
        found.entities[device_type] += 1
        # Every entity shows an address (the city and country at least).
        present = {"location": True, "name": bool(name), "address": True}
        present |= {"areaServed": has_district is not None}
        present |= {"responsible": has_department is not None}
        for attribute in HUB_ATTRIBUTES:
            if present[attribute]:
                found.attributes[attribute][device_type] += 1
        for attribute in extra or {}:
            found.attributes[attribute][device_type] += 1
    states = DeviceState.objects.filter(device__is_active=True).values_list(
        "quantity", "device__device_type"
    )
    for quantity, device_type in states:
        found.attributes[quantity][device_type] += 1
    return found


def attribute_types(name: str) -> list[str]:
    return [attribute_type(name)]
