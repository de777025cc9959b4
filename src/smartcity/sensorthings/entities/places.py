"""The device as Thing, Location, HistoricalLocation and FeatureOfInterest."""

from __future__ import annotations

from typing import Any

from django.db.models import (
    CharField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Concat

from smartcity.devices.models import Device
from smartcity.devices.types import DEVICE_TYPES
from smartcity.sensorthings.entities.base import (
    GEOJSON,
    Anchor,
    EntityType,
    Nav,
    Row,
    _point,
    _type_label,
    iso,
)
from smartcity.sensorthings.expressions import Column, Geo, case

DEVICE_COLUMNS = (
    "pk",
    "ref",
    "name",
    "device_type",
    "latitude",
    "longitude",
    "address",
    "attributes",
    "is_connected",
    "created_at",
    "district__name",
    "department__slug",
)


class DeviceEntity(EntityType):
    def queryset(self) -> QuerySet:
        return Device.objects.filter(is_active=True)

    def fetch(self, queryset: QuerySet) -> QuerySet:
        return queryset.values(*DEVICE_COLUMNS)

    def label(self, row: Row) -> str:
        return f"{DEVICE_TYPES[row['device_type']].label} {row['ref']}"

    def common(self, name: str, anchor: Anchor) -> object | None:
        if name == "id":
            return Column(anchor.device_id)
        if name == "description":
            return Concat(
                _type_label(anchor.at("device_type")),
                Value(" "),
                F(anchor.at("ref")),
                output_field=CharField(),
            )
        return None

    def place_name(self, anchor: Anchor) -> object:
        return case(
            anchor.at("address"), {"": F(anchor.at("ref"))}, default=F(anchor.at("address"))
        )

    def child_q(self, nav: Nav, row: Row) -> Q:
        # The same device, or its Datastreams or Observations.
        return Q(pk=row["pk"]) if nav.same_device else Q(device_id=row["pk"])

    def target_key(self, nav: Nav, row: Row) -> Any:
        return row["pk"]

    def many_link(self, nav: Nav, anchor: Anchor) -> Q:
        return Q(device_id=OuterRef(anchor.device_id))


THING_PROPERTIES = {
    "ref": "ref",
    "deviceType": "device_type",
    "address": "address",
    "district": "district__name",
    "department": "department__slug",
    "connected": "is_connected",
}


class Thing(DeviceEntity):
    name, plural = "Thing", "Things"
    properties = ("name", "description", "properties")
    navs = {
        "Locations": Nav("Locations", "Location", True, same_device=True),
        "HistoricalLocations": Nav("HistoricalLocations", "HistoricalLocation", True, True),
        "Datastreams": Nav("Datastreams", "Datastream", True),
    }

    def draw(self, row: Row) -> dict[str, Any]:
        kind = DEVICE_TYPES[row["device_type"]]
        properties: dict[str, Any] = {"ref": row["ref"], "deviceType": kind.name}
        if kind.data_model:
            properties["dataModel"] = kind.data_model
        if row["address"]:
            properties["address"] = row["address"]
        if row["district__name"]:
            properties["district"] = row["district__name"]
        if row["department__slug"]:
            properties["department"] = row["department__slug"]
        properties["connected"] = row["is_connected"]
        properties.update(row["attributes"] or {})
        return {
            "name": row["name"] or row["ref"],
            "description": self.label(row),
            "properties": properties,
        }

    def expr(self, name: str, rest: tuple[str, ...], anchor: Anchor) -> object:
        if (found := self.common(name, anchor)) is not None and not rest:
            return found
        if name == "name" and not rest:
            return case(anchor.at("name"), {"": F(anchor.at("ref"))}, default=F(anchor.at("name")))
        if name == "properties" and len(rest) == 1:
            column = THING_PROPERTIES.get(rest[0])
            if column is not None:
                return Column(anchor.at(column))
            return Column(anchor.at(f"attributes__{rest[0]}"), json=True)
        raise self.no_property("/".join((name, *rest)))


class Location(DeviceEntity):
    name, plural = "Location", "Locations"
    properties = ("name", "description", "encodingType", "location", "properties")
    navs = {
        "Things": Nav("Things", "Thing", True, same_device=True),
        "HistoricalLocations": Nav("HistoricalLocations", "HistoricalLocation", True, True),
    }

    def draw(self, row: Row) -> dict[str, Any]:
        properties = {"district": row["district__name"]} if row["district__name"] else {}
        return {
            "name": row["address"] or row["ref"],
            "description": self.label(row),
            "encodingType": GEOJSON,
            "location": _point(row),
            "properties": properties,
        }

    def expr(self, name: str, rest: tuple[str, ...], anchor: Anchor) -> object:
        if rest == ("district",) and name == "properties":
            return Column(anchor.at("district__name"))
        if rest:
            raise self.no_property("/".join((name, *rest)))
        if (found := self.common(name, anchor)) is not None:
            return found
        if name == "name":
            return self.place_name(anchor)
        if name == "encodingType":
            return Value(GEOJSON)
        if name == "location":
            return Geo(anchor)
        raise self.no_property(name)


class HistoricalLocation(DeviceEntity):
    name, plural = "HistoricalLocation", "HistoricalLocations"
    properties = ("time",)
    navs = {
        "Thing": Nav("Thing", "Thing", False, same_device=True),
        "Locations": Nav("Locations", "Location", True, same_device=True),
    }

    def draw(self, row: Row) -> dict[str, Any]:
        return {"time": iso(row["created_at"])}

    def expr(self, name: str, rest: tuple[str, ...], anchor: Anchor) -> object:
        if name == "id" and not rest:
            return Column(anchor.device_id)
        if name == "time" and not rest:
            return Column(anchor.at("created_at"))
        raise self.no_property("/".join((name, *rest)))


class FeatureOfInterest(DeviceEntity):
    name, plural = "FeatureOfInterest", "FeaturesOfInterest"
    properties = ("name", "description", "encodingType", "feature", "properties")
    navs = {"Observations": Nav("Observations", "Observation", True)}

    def draw(self, row: Row) -> dict[str, Any]:
        return {
            "name": row["address"] or row["ref"],
            "description": self.label(row),
            "encodingType": GEOJSON,
            "feature": _point(row),
            "properties": {},
        }

    def expr(self, name: str, rest: tuple[str, ...], anchor: Anchor) -> object:
        if rest:
            raise self.no_property("/".join((name, *rest)))
        if (found := self.common(name, anchor)) is not None:
            return found
        if name == "name":
            return self.place_name(anchor)
        if name == "encodingType":
            return Value(GEOJSON)
        if name == "feature":
            return Geo(anchor)
        raise self.no_property(name)
