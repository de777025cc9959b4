"""The eight entity types of SensorThings as views over the hub's tables.

Thing, Location, HistoricalLocation and FeatureOfInterest are each a device (one place per
device, which never moves, so its one HistoricalLocation is its creation); a Datastream is
one device's quantity that has readings (a `DeviceState` row); an Observation is one
`Reading`; Sensors and ObservedProperties are the device types and quantity names of
`catalogue`. Each type says how to fetch and draw its rows, how its properties read as
ORM expressions from wherever a filter stands (an `Anchor`), and how its navigation
properties link rows.
"""

from __future__ import annotations

from smartcity.sensorthings.entities.base import Anchor, EntityType, Nav, Row, iso, micros
from smartcity.sensorthings.entities.catalogued import ObservedProperty, Sensor
from smartcity.sensorthings.entities.places import (
    FeatureOfInterest,
    HistoricalLocation,
    Location,
    Thing,
)
from smartcity.sensorthings.entities.series import Datastream, Observation

TYPES: dict[str, EntityType] = {
    kind.name: kind
    for kind in (
        Thing(),
        Location(),
        HistoricalLocation(),
        Sensor(),
        ObservedProperty(),
        Datastream(),
        Observation(),
        FeatureOfInterest(),
    )
}
BY_PLURAL: dict[str, EntityType] = {kind.plural: kind for kind in TYPES.values()}
# Where each type's own columns are on its own queryset.
SELF_ANCHORS: dict[str, Anchor] = {
    "Thing": Anchor(),
    "Location": Anchor(),
    "HistoricalLocation": Anchor(),
    "FeatureOfInterest": Anchor(),
    "Datastream": Anchor(device="device", quantity="quantity"),
    "Observation": Anchor(device="device", quantity="quantity", time="observed_at", value="value"),
}

__all__ = [
    "BY_PLURAL",
    "SELF_ANCHORS",
    "TYPES",
    "Anchor",
    "EntityType",
    "Nav",
    "Row",
    "iso",
    "micros",
]
