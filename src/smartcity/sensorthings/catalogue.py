"""What the hub's device types say about their series, in SensorThings' terms.

A Sensor is the kind of instrument a device type is (its Smart Data Model), an
ObservedProperty one quantity name (`pm25`, `activePower`), a Datastream one quantity of
one device. These come from `devices.types`, not from the database; their ids are the
names themselves, so they never shift when a type gains a quantity.
"""

from __future__ import annotations

from dataclasses import dataclass

from smartcity.devices.ngsi_ld.entities import context_url
from smartcity.devices.types import DEVICE_TYPES, Quantity

OM = "http://www.opengis.net/def/observationType/OGC-OM/2.0/"
MEASUREMENT = OM + "OM_Measurement"
CATEGORY = OM + "OM_CategoryObservation"
UCUM = "http://www.opengis.net/def/uom/UCUM/0/"
# The same vocabulary the NGSI-LD @context maps each quantity name to.
DEFINITION_BASE = "https://smartdatamodels.org/"

# UN/CEFACT common codes of `devices.types` as (name, symbol, UCUM code). The hub keeps
# its P1 quantities as fractions (1 is full), so their unit here is the ratio, not percent.
UNITS: dict[str, tuple[str, str, str]] = {
    "P1": ("ratio", "1", "1"),
    "WTT": ("watt", "W", "W"),
    "KWT": ("kilowatt", "kW", "kW"),
    "KWH": ("kilowatt hour", "kWh", "kW.h"),
    "VLT": ("volt", "V", "V"),
    "GQ": ("microgram per cubic metre", "µg/m³", "ug/m3"),
    "CEL": ("degree Celsius", "°C", "Cel"),
    "MTQ": ("cubic metre", "m³", "m3"),
    "MQH": ("cubic metre per hour", "m³/h", "m3/h"),
}


def unit_of(quantity: Quantity) -> dict[str, str | None]:
    """The unitOfMeasurement of a quantity; all null for named states (§ 8.2.4)."""
    if quantity.states or not quantity.unit_code:
        return {"name": None, "symbol": None, "definition": None}
    name, symbol, code = UNITS.get(
        quantity.unit_code, (quantity.unit_code, quantity.unit, quantity.unit_code)
    )
    return {"name": name, "symbol": symbol, "definition": UCUM + code}


def observation_type(quantity: Quantity) -> str:
    return CATEGORY if quantity.states else MEASUREMENT


@dataclass(frozen=True)
class ObservedKind:
    name: str
    quantity: Quantity  # the first type's, for its label


def observed_kinds() -> dict[str, ObservedKind]:
    """Every quantity name of every type, in the order the types list them."""
    found: dict[str, ObservedKind] = {}
    for kind in DEVICE_TYPES.values():
        for name, quantity in kind.quantities.items():
            found.setdefault(name, ObservedKind(name, quantity))
    return found


def state_quantities() -> dict[str, tuple[str, ...]]:
    """Quantity names whose readings are named states, with the names in index order."""
    return {
        name: quantity.states
        for kind in DEVICE_TYPES.values()
        for name, quantity in kind.quantities.items()
        if quantity.states
    }


def sensor_metadata(type_name: str) -> str:
    # A type without a Smart Data Model of its own is described by the hub's @context.
    return DEVICE_TYPES[type_name].data_model or context_url()
