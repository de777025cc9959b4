"""The kinds of device the hub knows, after the FIWARE Smart Data Models.

Each type lists the quantities its devices report, with the unit (a UN/CEFACT common
code, as NGSI-LD `unitCode` uses) and the physically possible range: a reading outside
it is a broken sensor or a forged message, and is refused. Enumerated states (a lamp's
`powerState`) are stored as their index, so every stored value is a number.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Quantity:
    name: str
    label: str | Promise
    unit_code: str = ""
    unit: str = ""
    minimum: float = 0.0
    maximum: float = 0.0
    states: tuple[str, ...] = ()
    # A counter that only grows (an energy or water index): consumption is a difference.
    cumulative: bool = False

    def state_of(self, value: float) -> str:
        index = int(value)
        return self.states[index] if 0 <= index < len(self.states) else str(value)


@dataclass(frozen=True)
class DeviceType:
    name: str
    label: str | Promise
    # The topic segment of the type in MQTT topics (balti/devices/<segment>/<device>).
    segment: str
    quantities: dict[str, Quantity] = field(default_factory=dict)
    # Who looks after such devices unless a device says otherwise (a department slug).
    department: str = ""
    data_model: str = ""


def _type(name, label, segment, department, data_model, *quantities):  # noqa: ANN001, ANN202
    return DeviceType(
        name=name,
        label=label,
        segment=segment,
        quantities={q.name: q for q in quantities},
        department=department,
        data_model=data_model,
    )


STREET_LIGHT = _type(
    "StreetLight",
    _("street light"),
    "streetlight",
    "iluminat",
    "https://github.com/smart-data-models/dataModel.Streetlighting/tree/master/Streetlight",
    Quantity("powerState", _("power state"), states=("off", "on")),
    # The share of full light output: 1 is full, 0.4 dimmed at night.
    Quantity("illuminanceLevel", _("dimming level"), "P1", "%", 0, 1),
    Quantity("activePower", _("power"), "WTT", "W", 0, 500),
    Quantity(
        "status",
        _("controller status"),
        states=("ok", "defectiveLamp", "columnIssue", "brokenLantern"),
    ),
)
CONTROL_CABINET = _type(
    "StreetlightControlCabinet",
    _("lighting control cabinet"),
    "cabinet",
    "iluminat",
    "https://github.com/smart-data-models/dataModel.Streetlighting/tree/master/StreetlightControlCabinet",
    Quantity("energyConsumed", _("energy meter"), "KWH", "kWh", 0, 1e9, cumulative=True),
    Quantity("activePower", _("power"), "KWT", "kW", 0, 500),
    Quantity("voltage", _("voltage"), "VLT", "V", 0, 500),
)
AIR_QUALITY = _type(
    "AirQualityObserved",
    _("air quality station"),
    "air",
    "",
    "https://github.com/smart-data-models/dataModel.Environment/tree/master/AirQualityObserved",
    Quantity("pm25", "PM2.5", "GQ", "µg/m³", 0, 2000),
    Quantity("pm10", "PM10", "GQ", "µg/m³", 0, 3000),
    Quantity("no2", "NO₂", "GQ", "µg/m³", 0, 2000),
    Quantity("o3", "O₃", "GQ", "µg/m³", 0, 1000),
    Quantity("temperature", _("temperature"), "CEL", "°C", -50, 60),
    Quantity("relativeHumidity", _("relative humidity"), "P1", "%", 0, 1),
)
WASTE_CONTAINER = _type(
    "WasteContainer",
    _("waste container"),
    "container",
    "salubrizare",
    "https://github.com/smart-data-models/dataModel.WasteManagement/tree/master/WasteContainer",
    # 1 is full to the brim; a little over 1 is an overflowing heap.
    Quantity("fillingLevel", _("fill level"), "P1", "%", 0, 1.5),
    Quantity("temperature", _("temperature"), "CEL", "°C", -50, 120),
)
WATER_METER = _type(
    "WaterConsumptionObserved",
    _("water meter"),
    "water",
    "apa-canal",
    "https://github.com/smart-data-models/dataModel.WaterConsumption/tree/master/WaterConsumptionObserved",
    Quantity("consumption", _("meter index"), "MTQ", "m³", 0, 1e9, cumulative=True),
    Quantity("flow", _("flow"), "MQH", "m³/h", 0, 100),
)
# The Smart Data Models have no heat meter of their own; this follows the same shape.
HEAT_METER = _type(
    "HeatMeter",
    _("heat meter"),
    "heat",
    "termoficare",
    "",
    Quantity("thermalEnergy", _("heat meter index"), "KWH", "kWh", 0, 1e10, cumulative=True),
    Quantity("thermalPower", _("heat power"), "KWT", "kW", 0, 5000),
    Quantity("flowTemperature", _("flow temperature"), "CEL", "°C", 0, 150),
    Quantity("returnTemperature", _("return temperature"), "CEL", "°C", 0, 150),
)

DEVICE_TYPES: dict[str, DeviceType] = {
    t.name: t
    for t in (STREET_LIGHT, CONTROL_CABINET, AIR_QUALITY, WASTE_CONTAINER, WATER_METER, HEAT_METER)
}
BY_SEGMENT: dict[str, DeviceType] = {t.segment: t for t in DEVICE_TYPES.values()}


def device_type(name: str) -> DeviceType:
    return DEVICE_TYPES[name]


def type_choices() -> list[tuple[str, str | Promise]]:
    return [(t.name, t.label) for t in DEVICE_TYPES.values()]
