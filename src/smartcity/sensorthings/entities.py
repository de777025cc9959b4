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

import datetime
from dataclasses import dataclass
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

from smartcity.devices.models import Device, DeviceState, Reading
from smartcity.devices.types import DEVICE_TYPES
from smartcity.sensorthings import catalogue
from smartcity.sensorthings.errors import bad_request, not_found
from smartcity.sensorthings.expressions import Column, Geo, Key, Result, case, pair_case

Row = dict[str, Any]
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
GEOJSON = "application/geo+json"


def _number(text: str) -> bool:
    """Digits that make a 64-bit integer (ids and microseconds)."""
    return text.isascii() and text.isdigit() and len(text) <= 18


def iso(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def micros(moment: datetime.datetime) -> int:
    return (moment - _EPOCH) // datetime.timedelta(microseconds=1)


@dataclass(frozen=True)
class Anchor:
    """Where an entity's columns are, seen from the model a query runs on: the path to
    its device ('' when the model is Device), and its quantity, time and value columns."""

    device: str = ""
    quantity: str = ""
    time: str = ""
    value: str = ""

    def at(self, field: str) -> str:
        return f"{self.device}__{field}" if self.device else field

    @property
    def device_id(self) -> str:
        return f"{self.device}_id" if self.device else "pk"


@dataclass(frozen=True)
class Nav:
    name: str
    target: str
    many: bool
    # The target is the same device as this row (Thing → Locations): no join, no EXISTS.
    same_device: bool = False


def _type_label(path: str) -> object:
    return case(path, {name: str(t.label) for name, t in DEVICE_TYPES.items()})


def _point(row: Row, prefix: str = "") -> dict:
    return {"type": "Point", "coordinates": [row[prefix + "longitude"], row[prefix + "latitude"]]}


class EntityType:
    name = ""
    plural = ""
    properties: tuple[str, ...] = ()
    navs: dict[str, Nav] = {}
    static = False
    key_columns: tuple[str, ...] = ("pk",)
    order: tuple[str, ...] = ("pk",)

    def queryset(self) -> QuerySet:
        raise NotImplementedError

    def fetch(self, queryset: QuerySet) -> QuerySet:
        """The rows to draw, as dictionaries."""
        raise NotImplementedError

    def queryset_below(self, parent: EntityType) -> QuerySet:
        """The rows under a parent entity already found (so known to be public)."""
        return self.queryset()

    def key_of(self, row: Row) -> Any:
        return row["pk"]

    def key_parse(self, literal: str) -> Any:
        """The key in `Things(1)`, or a 404 for one this type cannot have."""
        if not _number(literal):
            raise not_found(f"no {self.name} with id {literal}")
        return int(literal)

    def key_q(self, key: Any) -> Q:
        return Q(pk=key)

    def keys_q(self, keys: list) -> Q:
        return Q(pk__in=keys)

    def draw(self, row: Row) -> dict[str, Any]:
        raise NotImplementedError

    def expr(self, name: str, rest: tuple[str, ...], anchor: Anchor) -> object:
        """A property as an ORM expression (or a marker of `expressions`)."""
        raise NotImplementedError

    def nav_anchor(self, nav: Nav, anchor: Anchor) -> Anchor:
        return anchor

    def many_link(self, nav: Nav, anchor: Anchor) -> Q:
        """For EXISTS: the target rows that belong to the outer query's row."""
        raise NotImplementedError

    def child_q(self, nav: Nav, row: Row) -> Q:
        """The target rows of a navigation from one row (on the target's queryset)."""
        raise NotImplementedError

    def target_key(self, nav: Nav, row: Row) -> Any:
        """The key of the one target of a navigation to one entity."""
        raise NotImplementedError

    def key_expr(self, anchor: Anchor) -> object:
        return Column(anchor.device_id)

    def no_property(self, name: str) -> Exception:
        return bad_request(f"{self.name} has no property {name}")


# --- the device as Thing, Location, HistoricalLocation and FeatureOfInterest -----------

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


# --- the catalogue as Sensors and ObservedProperties ------------------------------------


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


# --- series and readings -----------------------------------------------------------------


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
