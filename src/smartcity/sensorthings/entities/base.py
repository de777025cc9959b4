"""What every entity type is: an anchor for its columns, navigation properties, and
the methods `engine` and `translate` call."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Q,
    QuerySet,
)

from smartcity.devices.types import DEVICE_TYPES
from smartcity.sensorthings.errors import bad_request, not_found
from smartcity.sensorthings.expressions import Column, case

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
