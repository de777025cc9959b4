"""The catalogue of device types and quantities as Sensors and ObservedProperties."""

from __future__ import annotations

from typing import Any

from django.db.models import (
    F,
    Q,
    Value,
)
from django.db.models.functions import Concat

from smartcity.devices.types import DEVICE_TYPES
from smartcity.sensorthings import catalogue
from smartcity.sensorthings.entities.base import (
    Anchor,
    EntityType,
    Nav,
    Row,
)
from smartcity.sensorthings.errors import bad_request, not_found
from smartcity.sensorthings.expressions import Column, case


class Sensor(EntityType):
    name, plural = "Sensor", "Sensors"
    properties = ("name", "description", "encodingType", "metadata", "properties")
    navs = {"Datastreams": Nav("Datastreams", "Datastream", True)}
    static = True

    def rows(self) -> list[Row]:
        return [{"pk": name} for name in DEVICE_TYPES]

    def key_of(self, row: Row) -> Any:
        return row["pk"]

    def key_parse(self, literal: str) -> Any:
        if literal not in DEVICE_TYPES:
            raise not_found(f"no Sensor with id {literal}")
        return literal

    def draw(self, row: Row) -> dict[str, Any]:
        kind = DEVICE_TYPES[row["pk"]]
        return {
            "name": str(kind.label),
            "description": f"{kind.label} ({kind.name})",
            "encodingType": "text/html",
            "metadata": catalogue.sensor_metadata(kind.name),
            "properties": {"deviceType": kind.name, "quantities": list(kind.quantities)},
        }

    def expr(self, name: str, rest: tuple[str, ...], anchor: Anchor) -> object:
        path = anchor.at("device_type")
        if rest:
            raise self.no_property("/".join((name, *rest)))
        if name == "id":
            return Column(path)
        drawn = {t: self.draw({"pk": t}) for t in DEVICE_TYPES}
        if name in ("name", "description", "encodingType", "metadata"):
            return case(path, {t: d[name] for t, d in drawn.items()})
        raise self.no_property(name)

    def child_q(self, nav: Nav, row: Row) -> Q:
        return Q(device__device_type=row["pk"])

    def many_link(self, nav: Nav, anchor: Anchor) -> Q:
        raise bad_request("Sensors cannot be filtered by their Datastreams")


class ObservedProperty(EntityType):
    name, plural = "ObservedProperty", "ObservedProperties"
    properties = ("name", "definition", "description", "properties")
    navs = {"Datastreams": Nav("Datastreams", "Datastream", True)}
    static = True

    def rows(self) -> list[Row]:
        return [{"pk": name} for name in catalogue.observed_kinds()]

    def key_of(self, row: Row) -> Any:
        return row["pk"]

    def key_parse(self, literal: str) -> Any:
        if literal not in catalogue.observed_kinds():
            raise not_found(f"no ObservedProperty with id {literal}")
        return literal

    def draw(self, row: Row) -> dict[str, Any]:
        kind = catalogue.observed_kinds()[row["pk"]]
        properties: dict[str, Any] = {}
        if kind.quantity.states:
            properties["states"] = list(kind.quantity.states)
        return {
            "name": kind.name,
            "definition": catalogue.DEFINITION_BASE + kind.name,
            "description": str(kind.quantity.label),
            "properties": properties,
        }

    def expr(self, name: str, rest: tuple[str, ...], anchor: Anchor) -> object:
        if rest:
            raise self.no_property("/".join((name, *rest)))
        if name in ("id", "name"):
            return Column(anchor.quantity)
        if name == "definition":
            return Concat(Value(catalogue.DEFINITION_BASE), F(anchor.quantity))
        if name == "description":
            labels = {n: str(k.quantity.label) for n, k in catalogue.observed_kinds().items()}
            return case(anchor.quantity, labels)
        raise self.no_property(name)

    def child_q(self, nav: Nav, row: Row) -> Q:
        return Q(quantity=row["pk"])

    def many_link(self, nav: Nav, anchor: Anchor) -> Q:
        raise bad_request("ObservedProperties cannot be filtered by their Datastreams")
