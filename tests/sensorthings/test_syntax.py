"""The `$filter` and `$orderby` language: OData's precedence, SensorThings' literals and
functions, and an error that says where a broken expression breaks."""

from __future__ import annotations

import datetime

import pytest
from shapely.geometry import Polygon

from smartcity.devices.types import DEVICE_TYPES
from smartcity.sensorthings.errors import StaError
from smartcity.sensorthings.options import options_parse
from smartcity.sensorthings.syntax import (
    Binary,
    Call,
    Literal,
    Path,
    Unary,
    filter_parse,
    orderby_parse,
)


def test_and_binds_tighter_than_or_and_comparisons_tighter_than_both():
    tree = filter_parse("result gt 5 or result lt 2 and name eq 'x'")
    assert tree == Binary(
        "or",
        Binary("gt", Path(("result",)), Literal(5)),
        Binary(
            "and",
            Binary("lt", Path(("result",)), Literal(2)),
            Binary("eq", Path(("name",)), Literal("x")),
        ),
    )


def test_multiplication_binds_tighter_than_addition():
    tree = filter_parse("result add 2 mul 3 eq 11")
    assert tree.left == Binary("add", Path(("result",)), Binary("mul", Literal(2), Literal(3)))


def test_literals_of_every_kind():
    assert filter_parse("x eq 'it''s'").right == Literal("it's")
    assert filter_parse("x eq -2.5e1").right == Literal(-25.0)
    assert filter_parse("x eq null").right == Literal(None)
    assert filter_parse("x eq true").right == Literal(True)
    moment = filter_parse("x gt 2026-11-28T10:00:00+02:00").right.value
    assert moment == datetime.datetime(2026, 11, 28, 8, 0, tzinfo=datetime.UTC)
    assert filter_parse("x eq 2026-11-28").right == Literal(datetime.date(2026, 11, 28))
    area = filter_parse("st_within(location, geography'POLYGON((0 0, 1 0, 1 1, 0 0))')")
    assert isinstance(area.args[1].value, Polygon)


def test_paths_functions_and_not():
    tree = filter_parse("not substringof('STA', Datastream/Thing/name)")
    assert tree == Unary(
        "not", Call("substringof", (Literal("STA"), Path(("Datastream", "Thing", "name"))))
    )
    assert filter_parse("geo.distance(location, geography'POINT(1 2)') lt 1").left.name == (
        "geo.distance"
    )


def test_orderby_takes_several_keys_with_directions():
    assert orderby_parse("phenomenonTime desc, result") == [
        (Path(("phenomenonTime",)), True),
        (Path(("result",)), False),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "name eq",
        "name eq 'open",
        "(name eq 'x'",
        "name eq 'x')",
        "frobnicate(name)",
        "length(name, name) eq 1",
        "name eq 'x' extra",
        "x gt 2026-13-45T00:00:00Z",
        "st_within(location, geography'POLYGON((nonsense))')",
        "name # 1",
    ],
)
def test_broken_expressions_are_a_400_saying_why(text):
    with pytest.raises(StaError) as error:
        filter_parse(text)
    assert error.value.status == 400
    assert error.value.message


def test_expand_options_nest_and_paths_expand_each_level():
    options = options_parse(
        {
            "$expand": "Datastreams/ObservedProperty,"
            "Locations($select=name;$expand=HistoricalLocations($top=1))",
            "$top": "5",
        }
    )
    assert options.limit == 5
    assert set(options.expand) == {"Datastreams", "Locations"}
    assert set(options.expand["Datastreams"].expand) == {"ObservedProperty"}
    locations = options.expand["Locations"]
    assert locations.select == ["name"]
    assert locations.expand["HistoricalLocations"].top == 1


def test_a_quantity_name_is_a_state_in_every_type_or_in_none():
    """Results compare by state name or by number according to the quantity's name alone
    (translate._result_compare): no name may be a state in one type, a number in another."""
    kinds: dict[str, set[bool]] = {}
    for device_type in DEVICE_TYPES.values():
        for name, quantity in device_type.quantities.items():
            kinds.setdefault(name, set()).add(bool(quantity.states))
    assert {name for name, seen in kinds.items() if len(seen) > 1} == set()


def test_quantity_names_hold_no_hyphen_as_composite_ids_need():
    names = {name for t in DEVICE_TYPES.values() for name in t.quantities}
    assert not [name for name in names if "-" in name]
