"""What a property of a filter stands for when it is not a plain ORM expression.

`translate` turns each into the query that fits what it is compared with: a column into
a field lookup (so the indexes serve), a stored point into latitude and longitude
arithmetic, a composite id into its parts, a result into the reading's value or the
index of a named state.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Case, CharField, Value, When

if TYPE_CHECKING:
    from smartcity.sensorthings.entities import Anchor, EntityType


@dataclass(frozen=True)
class Column:
    """A field path of the queried model; `json` for a key inside a JSON field."""

    path: str
    json: bool = False


@dataclass(frozen=True)
class Geo:
    """The point of a device (a Location, a FeatureOfInterest, an observed area)."""

    anchor: Anchor


@dataclass(frozen=True)
class Key:
    """A composite id (Datastream, Observation)."""

    entity: EntityType
    anchor: Anchor


@dataclass(frozen=True)
class Result:
    """An Observation's result: a number, or the name of a state stored as its index."""

    anchor: Anchor


def case(path: str, values: dict[Any, Any], default: Any = "") -> Case:
    """The value of `values` for the column's value (labels, descriptions, units)."""
    return Case(
        *[
            When(**{path: key}, then=v if hasattr(v, "resolve_expression") else Value(v))
            for key, v in values.items()
        ],
        default=default if hasattr(default, "resolve_expression") else Value(default),
        output_field=CharField(),
    )


def pair_case(type_path: str, quantity_path: str, values: dict[tuple[str, str], Any]) -> Case:
    return Case(
        *[When(**{type_path: t, quantity_path: q}, then=Value(v)) for (t, q), v in values.items()],
        default=Value(None),
        output_field=CharField(),
    )
