"""`$filter` and `$orderby` trees as ORM conditions and orderings.

Paths walk navigation properties: to one entity (`Datastream/Thing/name`) they become
joins through the anchor; to many (`Things?$filter=Datastreams/name eq 'x'`) an EXISTS
over the target rows. Plain columns compared with literals become field lookups, so the
indexes on the readings' device, quantity and time serve them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OrderBy,
    Q,
    Value,
)
from django.db.models import lookups as dj
from django.db.models.fields.json import KT
from django.db.models.functions import (
    Ceil,
    Concat,
    ExtractDay,
    ExtractHour,
    ExtractMinute,
    ExtractMonth,
    ExtractSecond,
    ExtractYear,
    Floor,
    Length,
    Lower,
    Mod,
    Power,
    Round,
    Sqrt,
    StrIndex,
    Substr,
    Trim,
    TruncDate,
    TruncTime,
    Upper,
)
from django.utils import timezone
from shapely.geometry.base import BaseGeometry

from smartcity.sensorthings import catalogue
from smartcity.sensorthings.entities import SELF_ANCHORS, TYPES, Anchor, EntityType
from smartcity.sensorthings.errors import StaError, bad_request
from smartcity.sensorthings.evaluate import COMPARISONS, python_compare
from smartcity.sensorthings.expressions import Column, Geo, Key, Result
from smartcity.sensorthings.spatial import devices_related
from smartcity.sensorthings.syntax import Binary, Call, Literal, Node, Path, Unary

MIRRORED = {"eq": "eq", "ne": "ne", "gt": "lt", "ge": "le", "lt": "gt", "le": "ge"}
FIELD_LOOKUPS = {"eq": "exact", "gt": "gt", "ge": "gte", "lt": "lt", "le": "lte"}
LOOKUP_CLASSES = {
    "eq": dj.Exact,
    "gt": dj.GreaterThan,
    "ge": dj.GreaterThanOrEqual,
    "lt": dj.LessThan,
    "le": dj.LessThanOrEqual,
}
TEXT_TESTS = {"contains": dj.Contains, "startswith": dj.StartsWith, "endswith": dj.EndsWith}
EXTRACTS = {
    "year": ExtractYear,
    "month": ExtractMonth,
    "day": ExtractDay,
    "hour": ExtractHour,
    "minute": ExtractMinute,
    "second": ExtractSecond,
}
SPATIAL = {
    "st_within",
    "st_intersects",
    "geo.intersects",
    "st_disjoint",
    "st_equals",
    "st_contains",
}
TEXT_FUNCTIONS = ("substringof", "contains", "startswith", "endswith")
NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Context:
    entity: EntityType
    anchor: Anchor


def context_of(entity: EntityType) -> Context:
    return Context(entity, SELF_ANCHORS[entity.name])


@dataclass(frozen=True)
class Many:
    """A path's first step to many rows: where it starts and what it leads to."""

    steps: int
    outer: Context
    nav_name: str


def _many_step(path: Path, ctx: Context) -> Many | None:
    entity, anchor = ctx.entity, ctx.anchor
    for i, segment in enumerate(path.segments):
        nav = entity.navs.get(segment)
        if nav is None:
            return None
        if nav.many and not nav.same_device:
            return Many(i + 1, Context(entity, anchor), segment)
        anchor = entity.nav_anchor(nav, anchor)
        entity = TYPES[nav.target]
    return None


def _paths(node: Node) -> list[Path]:
    if isinstance(node, Path):
        return [node]
    if isinstance(node, Binary):
        return _paths(node.left) + _paths(node.right)
    if isinstance(node, Unary):
        return _paths(node.operand)
    if isinstance(node, Call):
        return [p for arg in node.args for p in _paths(arg)]
    return []


def _strip(node: Node, steps: int) -> Node:
    if isinstance(node, Path):
        return Path(node.segments[steps:])
    if isinstance(node, Binary):
        return Binary(node.op, _strip(node.left, steps), _strip(node.right, steps))
    if isinstance(node, Unary):
        return Unary(node.op, _strip(node.operand, steps))
    if isinstance(node, Call):
        return Call(node.name, tuple(_strip(a, steps) for a in node.args))
    return node


def _through_many(node: Node, ctx: Context) -> Q | None:
    """A condition on the rows a to-many path leads to, as EXISTS; None without one."""
    steps = [(p, _many_step(p, ctx)) for p in _paths(node)]
    many = [(p, m) for p, m in steps if m is not None]
    if not many:
        return None
    first = many[0][1]
    assert first is not None
    prefix = many[0][0].segments[: first.steps]
    if any(p.segments[: first.steps] != prefix for p, _m in steps):
        raise bad_request("a condition may follow one path to many entities only")
    outer = first.outer
    nav = outer.entity.navs[first.nav_name]
    target = TYPES[nav.target]
    inner = where(_strip(node, first.steps), context_of(target))
    rows = target.queryset().filter(outer.entity.many_link(nav, outer.anchor)).filter(inner)
    return Q(Exists(rows))


def resolve(path: Path, ctx: Context) -> object:
    """A property path as an expression or a marker of `expressions`."""
    entity, anchor = ctx.entity, ctx.anchor
    segments = tuple("id" if s == "@iot.id" else s for s in path.segments)
    for i, segment in enumerate(segments):
        nav = entity.navs.get(segment)
        if nav is None:
            return entity.expr(segment, segments[i + 1 :], anchor)
        if nav.many and not nav.same_device:
            raise bad_request(f"{segment} leads to many entities: compare one of their properties")
        anchor = entity.nav_anchor(nav, anchor)
        entity = TYPES[nav.target]
    raise bad_request(f"{'/'.join(path.segments)} is an entity, not a property")


def _value(literal: Any) -> Value:
    if isinstance(literal, bool):
        return Value(literal, output_field=BooleanField())
    if isinstance(literal, int):
        return Value(literal, output_field=IntegerField())
    if isinstance(literal, float):
        return Value(literal, output_field=FloatField())
    if isinstance(literal, datetime.datetime):
        return Value(literal, output_field=DateTimeField())
    if isinstance(literal, datetime.date):
        return Value(literal, output_field=DateField())
    if isinstance(literal, BaseGeometry):
        raise bad_request("a geometry can only be an argument of a spatial function")
    return Value(literal)


def expression(node: Node, ctx: Context) -> Any:
    """Any node as a plain ORM expression (for functions, arithmetic and ordering)."""
    if isinstance(node, Literal):
        return _value(node.value)
    if isinstance(node, Path):
        return _plain(resolve(node, ctx))
    if isinstance(node, Unary) and node.op == "neg":
        return ExpressionWrapper(expression(node.operand, ctx) * -1, output_field=FloatField())
    if isinstance(node, Binary) and node.op in ("add", "sub", "mul", "div", "mod"):
        for side in (node.left, node.right):
            if isinstance(side, Literal) and not isinstance(side.value, int | float):
                raise bad_request(f"{node.op} takes numbers, not {side.value!r}")
        left, right = expression(node.left, ctx), expression(node.right, ctx)
        if node.op == "mod":
            return Mod(left, right, output_field=FloatField())
        combined = {"add": left + right, "sub": left - right, "mul": left * right}.get(node.op)
        if combined is None:
            combined = left / ExpressionWrapper(right * 1.0, output_field=FloatField())
        return ExpressionWrapper(combined, output_field=FloatField())
    if isinstance(node, Call):
        return _function(node, ctx)
    raise bad_request("a condition cannot be used as a value here")


def _plain(found: object) -> Any:
    if isinstance(found, Column):
        return KT(found.path) if found.json else F(found.path)
    if isinstance(found, Result):
        return F(found.anchor.value)
    if isinstance(found, Key):
        return found.entity.key_expr(found.anchor)
    if isinstance(found, Geo):
        raise bad_request("a location can only be an argument of a spatial function")
    return found


TIMES: dict[str, Any] = {
    "date": lambda e: TruncDate(e, tzinfo=datetime.UTC),
    "time": lambda e: TruncTime(e, tzinfo=datetime.UTC),
    **{name: (lambda e, k=kind: k(e, tzinfo=datetime.UTC)) for name, kind in EXTRACTS.items()},
}
CONSTANT_TIMES = {
    "now": timezone.now,
    "mindatetime": lambda: datetime.datetime(1, 1, 1, tzinfo=datetime.UTC),
    "maxdatetime": lambda: datetime.datetime(9999, 12, 31, 23, 59, 59, tzinfo=datetime.UTC),
}
ONE_ARGUMENT: dict[str, Any] = {
    "tolower": Lower,
    "toupper": Upper,
    "trim": Trim,
    "length": Length,
    "round": Round,
    "floor": Floor,
    "ceiling": Ceil,
}


def _function(node: Call, ctx: Context) -> Any:
    name, args = node.name, node.args
    if name in TIMES:
        return TIMES[name](expression(args[0], ctx))
    if name in CONSTANT_TIMES:
        return _value(CONSTANT_TIMES[name]())
    if name == "geo.distance":
        place, point = _geometry_and_place(args, ctx, name)
        if point.geom_type != "Point":
            raise bad_request("geo.distance is computed to a POINT")
        # In degrees, as the standard's WGS84 coordinates are (and FROST-Server answers).
        dx = F(place.anchor.at("longitude")) - point.x
        dy = F(place.anchor.at("latitude")) - point.y
        return Sqrt(Power(dx, 2) + Power(dy, 2), output_field=FloatField())
    values = [expression(a, ctx) for a in args]
    if name in ONE_ARGUMENT:
        return ONE_ARGUMENT[name](values[0])
    if name == "concat":
        return Concat(values[0], values[1], output_field=CharField())
    if name == "indexof":
        return ExpressionWrapper(StrIndex(values[0], values[1]) - 1, output_field=IntegerField())
    if name == "substring":
        start = ExpressionWrapper(values[1] + 1, output_field=IntegerField())
        return Substr(values[0], start, *values[2:])
    raise bad_request(f"{name} gives a condition, not a value")


def _geometry_and_place(args: tuple[Node, ...], ctx: Context, name: str) -> tuple[Geo, Any]:
    first = resolve(args[0], ctx) if isinstance(args[0], Path) else args[0]
    second = resolve(args[1], ctx) if isinstance(args[1], Path) else args[1]
    if isinstance(second, Geo) and isinstance(first, Literal):
        first, second = second, first
    if not (isinstance(first, Geo) and isinstance(second, Literal)):
        raise bad_request(f"{name} compares a location with a geography'…' literal")
    if not isinstance(second.value, BaseGeometry):
        raise bad_request(f"{name} needs a geography'…' literal")
    return first, second.value


def _spatial(node: Call, ctx: Context) -> Q:
    name = node.name
    place, geometry = _geometry_and_place(node.args, ctx, name)
    if name == "st_contains":
        # st_contains(location, g): a point contains only itself.
        name = "st_equals"
        if isinstance(node.args[0], Literal):
            name = "st_within"
    matched = devices_related(name, geometry)
    q = Q(**{f"{place.anchor.device_id}__in": matched})
    return ~q if name == "st_disjoint" else q


def _text_test(name: str, haystack: Node, needle: Node, ctx: Context) -> Q:
    lookup = {"substringof": "contains"}.get(name, name)
    target = resolve(haystack, ctx) if isinstance(haystack, Path) else None
    if isinstance(needle, Literal) and isinstance(needle.value, str):
        if isinstance(target, Column):
            return Q(**{f"{target.path}__{lookup}": needle.value})
        return Q(TEXT_TESTS[lookup](expression(haystack, ctx), needle.value))
    return Q(TEXT_TESTS[lookup](expression(haystack, ctx), expression(needle, ctx)))


def _compare(op: str, left: Node, right: Node, ctx: Context) -> Q:
    if isinstance(left, Literal) and not isinstance(right, Literal):
        left, right, op = right, left, MIRRORED[op]
    if isinstance(left, Literal) and isinstance(right, Literal):
        return Q() if python_compare(op, left.value, right.value) else NOTHING
    found = resolve(left, ctx) if isinstance(left, Path) else None
    if isinstance(right, Literal):
        literal = right.value
        if isinstance(literal, BaseGeometry):
            raise bad_request("compare geometries with st_equals, not eq")
        if isinstance(found, Key):
            return _key_compare(op, found, literal)
        if isinstance(found, Result):
            return _result_compare(op, found.anchor, literal)
        if isinstance(found, Column):
            return _column_compare(op, found.path, literal)
    left_value = expression(left, ctx) if found is None else _plain(found)
    if isinstance(right, Literal) and right.value is None:
        is_null = Q(dj.IsNull(left_value, True))
        return is_null if op == "eq" else ~is_null if op == "ne" else NOTHING
    right_value = expression(right, ctx)
    if op == "ne":
        return ~Q(dj.Exact(left_value, right_value))
    return Q(LOOKUP_CLASSES[op](left_value, right_value))


def _column_compare(op: str, path: str, literal: Any) -> Q:
    if literal is None:
        is_null = Q(**{f"{path}__isnull": True})
        return is_null if op == "eq" else ~is_null if op == "ne" else NOTHING
    if op == "ne":
        return ~Q(**{path: literal})
    return Q(**{f"{path}__{FIELD_LOOKUPS[op]}": literal})


def _key_compare(op: str, key: Key, literal: Any) -> Q:
    if op not in ("eq", "ne"):
        return _column_like(op, key.entity.key_expr(key.anchor), literal)
    try:
        parts = key.entity.key_parse(str(literal))
    except StaError:
        return NOTHING if op == "eq" else Q()
    anchor = key.anchor
    names = (anchor.device_id, anchor.quantity, anchor.time)
    q = Q(**dict(zip(names, parts, strict=False)))
    return q if op == "eq" else ~q


def _column_like(op: str, left: Any, literal: Any) -> Q:
    if op == "ne":
        return ~Q(dj.Exact(left, literal))
    return Q(LOOKUP_CLASSES[op](left, literal))


def _result_compare(op: str, anchor: Anchor, literal: Any) -> Q:
    """Results of named states compare by name, numbers by value (never across)."""
    states = catalogue.state_quantities()
    if isinstance(literal, str):
        if op not in ("eq", "ne"):
            raise bad_request("a result that is a state's name can only be compared with eq or ne")
        matching = Q(pk__in=[])
        for quantity, names in states.items():
            if literal in names:
                matching |= Q(**{anchor.quantity: quantity, anchor.value: names.index(literal)})
        return matching if op == "eq" else ~matching
    if isinstance(literal, bool) or not isinstance(literal, int | float):
        return NOTHING if op != "ne" else Q()
    numbers = ~Q(**{f"{anchor.quantity}__in": list(states)})
    if op == "ne":
        return numbers & ~Q(**{anchor.value: literal})
    return numbers & Q(**{f"{anchor.value}__{FIELD_LOOKUPS[op]}": literal})


def where(node: Node, ctx: Context) -> Q:
    """A `$filter` tree as a condition on the context's queryset."""
    if isinstance(node, Binary) and node.op in ("and", "or"):
        left, right = where(node.left, ctx), where(node.right, ctx)
        return left & right if node.op == "and" else left | right
    if isinstance(node, Unary) and node.op == "not":
        return ~where(node.operand, ctx)
    through = _through_many(node, ctx)
    if through is not None:
        return through
    if isinstance(node, Binary) and node.op in COMPARISONS:
        return _compare(node.op, node.left, node.right, ctx)
    if isinstance(node, Call) and node.name in SPATIAL:
        return _spatial(node, ctx)
    if isinstance(node, Call) and node.name in (
        "substringof",
        "contains",
        "startswith",
        "endswith",
    ):
        haystack, needle = node.args if node.name != "substringof" else node.args[::-1]
        return _text_test(node.name, haystack, needle, ctx)
    if isinstance(node, Literal) and isinstance(node.value, bool):
        return Q() if node.value else NOTHING
    raise bad_request("$filter must be a condition (a comparison, a function giving true or false)")


def ordering(orderby: list[tuple[Node, bool]], ctx: Context) -> list[OrderBy]:
    found = []
    for node, descending in orderby:
        if _through_many(Binary("eq", node, Literal(None)), ctx) is not None:
            raise bad_request("$orderby cannot follow a path to many entities")
        target = resolve(node, ctx) if isinstance(node, Path) else None
        if isinstance(target, Key):
            anchor = target.anchor
            parts = [anchor.device_id, anchor.quantity] + ([anchor.time] if anchor.time else [])
            found += [F(p).desc() if descending else F(p).asc() for p in parts]
            continue
        value = _plain(target) if target is not None else expression(node, ctx)
        found.append(value.desc() if descending else value.asc())
    return found
