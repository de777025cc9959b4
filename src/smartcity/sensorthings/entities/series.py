"""A device's series (`DeviceState`) as Datastreams, its readings as Observations."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import (
    CharField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Concat

from smartcity.devices.models import DeviceState, Reading
from smartcity.devices.types import DEVICE_TYPES
from smartcity.sensorthings import catalogue
from smartcity.sensorthings.entities.base import (
    _EPOCH,
    Anchor,
    EntityType,
    Nav,
    Row,
    _number,
    _point,
    iso,
    micros,
)
from smartcity.sensorthings.errors import bad_request, not_found
from smartcity.sensorthings.expressions import Column, Geo, Key, Result, pair_case


def _composite(literal: str, parts: int, what: str) -> list[str]:
    pieces = literal.split("-")
    # The device id first, the time (if any) last; quantity names hold no hyphen.
    if len(pieces) != parts or not _number(pieces[0]) or not pieces[1]:
        raise not_found(f"no {what} with id {literal}")
    return pieces


class Datastream(EntityType):
    name, plural = "Datastream", "Datastreams"
    properties = (
        "name",
        "description",
        "unitOfMeasurement",
        "observationType",
        "observedArea",
        "phenomenonTime",
        "resultTime",
        "properties",
    )
    navs = {
        "Thing": Nav("Thing", "Thing", False),
        "Sensor": Nav("Sensor", "Sensor", False),
        "ObservedProperty": Nav("ObservedProperty", "ObservedProperty", False),
        "Observations": Nav("Observations", "Observation", True),
    }
    key_columns = ("device_id", "quantity")
    order = ("device_id", "quantity")

    def queryset(self) -> QuerySet:
        return DeviceState.objects.filter(device__is_active=True)

    def queryset_below(self, parent: EntityType) -> QuerySet:
        # Below a Thing the device is known to be active: no join to check it again.
        return DeviceState.objects.all() if parent.name == "Thing" else self.queryset()

    def fetch(self, queryset: QuerySet) -> QuerySet:
        # The first reading through the primary key's index, one seek per series.
        first = (
            Reading.objects.filter(device_id=OuterRef("device_id"), quantity=OuterRef("quantity"))
            .order_by("observed_at")
            .values("observed_at")[:1]
        )
        return queryset.annotate(first=Subquery(first)).values(
            "device_id",
            "quantity",
            "observed_at",
            "first",
            "device__ref",
            "device__device_type",
            "device__latitude",
            "device__longitude",
        )

    def key_of(self, row: Row) -> Any:
        return f"{row['device_id']}-{row['quantity']}"

    def key_parse(self, literal: str) -> Any:
        device, quantity = _composite(literal, 2, self.name)
        return int(device), quantity

    def key_q(self, key: Any) -> Q:
        return Q(device_id=key[0], quantity=key[1])

    def keys_q(self, keys: list) -> Q:
        return Q(pk__in=keys)

    def draw(self, row: Row) -> dict[str, Any]:
        kind = DEVICE_TYPES[row["device__device_type"]]
        quantity = kind.quantities[row["quantity"]]
        last = iso(row["observed_at"])
        # Raw readings older than the retention period are pruned; the state outlives them.
        span = f"{iso(row['first']) if row['first'] else last}/{last}"
        properties: dict[str, Any] = {"deviceType": kind.name, "quantity": quantity.name}
        if quantity.states:
            properties["states"] = list(quantity.states)
        if quantity.cumulative:
            properties["cumulative"] = True
        return {
            "name": f"{row['device__ref']} {quantity.name}",
            "description": f"{quantity.label}, {kind.label} {row['device__ref']}",
            "unitOfMeasurement": catalogue.unit_of(quantity),
            "observationType": catalogue.observation_type(quantity),
            "observedArea": _point(row, "device__"),
            "phenomenonTime": span,
            "resultTime": span,
            "properties": properties,
        }

    def expr(self, name: str, rest: tuple[str, ...], anchor: Anchor) -> object:
        if rest:
            return self.nested_expr(name, rest, anchor)
        type_path, quantity_path = anchor.at("device_type"), anchor.quantity
        pairs = [(t, q) for t in DEVICE_TYPES.values() for q in t.quantities.values()]
        if name == "id":
            return Key(self, anchor)
        if name == "name":
            return Concat(F(anchor.at("ref")), Value(" "), F(quantity_path))
        if name == "observationType":
            values = {(t.name, q.name): catalogue.observation_type(q) for t, q in pairs}
            return pair_case(type_path, quantity_path, values)
        if name == "description":
            labels = {(t.name, q.name): f"{q.label}, {t.label} " for t, q in pairs}
            return Concat(
                pair_case(type_path, quantity_path, labels),
                F(anchor.at("ref")),
                output_field=CharField(),
            )
        if name == "observedArea":
            return Geo(anchor)
        if name in ("phenomenonTime", "resultTime"):
            raise bad_request(f"the {name} of a Datastream is an interval: filter Observations")
        raise self.no_property(name)

    def nested_expr(self, name: str, rest: tuple[str, ...], anchor: Anchor) -> object:
        type_path, quantity_path = anchor.at("device_type"), anchor.quantity
        if name == "unitOfMeasurement" and len(rest) == 1 and rest[0] in ("name", "symbol"):
            values = {
                (t.name, q.name): catalogue.unit_of(q)[rest[0]]
                for t in DEVICE_TYPES.values()
                for q in t.quantities.values()
            }
            return pair_case(type_path, quantity_path, values)
        if name == "properties" and rest == ("quantity",):
            return Column(quantity_path)
        if name == "properties" and rest == ("deviceType",):
            return Column(type_path)
        raise self.no_property("/".join((name, *rest)))

    def key_expr(self, anchor: Anchor) -> object:
        return Concat(
            Cast(anchor.device_id, CharField()),
            Value("-"),
            F(anchor.quantity),
            output_field=CharField(),
        )

    def nav_anchor(self, nav: Nav, anchor: Anchor) -> Anchor:
        return Anchor(device=anchor.device, quantity=anchor.quantity)

    def child_q(self, nav: Nav, row: Row) -> Q:
        return Q(device_id=row["device_id"], quantity=row["quantity"])

    def many_link(self, nav: Nav, anchor: Anchor) -> Q:
        return Q(device_id=OuterRef(anchor.device_id), quantity=OuterRef(anchor.quantity))

    def target_key(self, nav: Nav, row: Row) -> Any:
        if nav.target == "Thing":
            return row["device_id"]
        if nav.target == "Sensor":
            return row["device__device_type"]
        return row["quantity"]


class Observation(EntityType):
    name, plural = "Observation", "Observations"
    properties = ("phenomenonTime", "resultTime", "result")
    navs = {
        "Datastream": Nav("Datastream", "Datastream", False),
        "FeatureOfInterest": Nav("FeatureOfInterest", "FeatureOfInterest", False),
    }
    key_columns = ("device_id", "quantity", "observed_at")
    order = ("device_id", "quantity", "observed_at")

    def queryset(self) -> QuerySet:
        return Reading.objects.filter(device__is_active=True)

    def queryset_below(self, parent: EntityType) -> QuerySet:
        # Below a Datastream or a FeatureOfInterest the device is known to be active.
        return Reading.objects.all()

    def fetch(self, queryset: QuerySet) -> QuerySet:
        return queryset.values(
            "device_id", "quantity", "observed_at", "value", "device__device_type"
        )

    def key_of(self, row: Row) -> Any:
        return f"{row['device_id']}-{row['quantity']}-{micros(row['observed_at'])}"

    def key_parse(self, literal: str) -> Any:
        device, quantity, moment = _composite(literal, 3, self.name)
        if not _number(moment):
            raise not_found(f"no Observation with id {literal}")
        return int(device), quantity, _EPOCH + datetime.timedelta(microseconds=int(moment))

    def key_q(self, key: Any) -> Q:
        return Q(device_id=key[0], quantity=key[1], observed_at=key[2])

    def keys_q(self, keys: list) -> Q:
        return Q(pk__in=keys)

    def draw(self, row: Row) -> dict[str, Any]:
        moment = iso(row["observed_at"])
        quantity = DEVICE_TYPES[row["device__device_type"]].quantities.get(row["quantity"])
        value = row["value"]
        result = quantity.state_of(value) if quantity and quantity.states else value
        return {"phenomenonTime": moment, "resultTime": moment, "result": result}

    def expr(self, name: str, rest: tuple[str, ...], anchor: Anchor) -> object:
        if rest:
            raise self.no_property("/".join((name, *rest)))
        if name == "id":
            return Key(self, anchor)
        if name in ("phenomenonTime", "resultTime"):
            return Column(anchor.time)
        if name == "result":
            return Result(anchor)
        raise self.no_property(name)

    def key_expr(self, anchor: Anchor) -> object:
        raise bad_request("Observation ids can only be compared with eq or ne")

    def nav_anchor(self, nav: Nav, anchor: Anchor) -> Anchor:
        if nav.target == "Datastream":
            return Anchor(device=anchor.device, quantity=anchor.quantity)
        return Anchor(device=anchor.device)

    def target_key(self, nav: Nav, row: Row) -> Any:
        if nav.target == "Datastream":
            return row["device_id"], row["quantity"]
        return row["device_id"]
