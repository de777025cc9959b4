"""Answering a resource path with its query options: pages, entities, expansions.

Every page is bounded (`options.MAX_TOP`) and says where the next one is. An expansion
costs one query per level, whatever the number of parent entities: to one entity, one
query by the keys; to many, one UNION ALL of each parent's own limited, indexed query
for the keys, then one query for the rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from django.db import connection
from django.db.models import Q, QuerySet

from smartcity.sensorthings.entities import BY_PLURAL, TYPES, EntityType, Nav, Row
from smartcity.sensorthings.errors import bad_request, not_found
from smartcity.sensorthings.evaluate import evaluate, python_sort_key
from smartcity.sensorthings.options import Options
from smartcity.sensorthings.translate import context_of, ordering, where

# Branches per UNION ALL statement (SQLite allows 500 terms in one compound SELECT).
UNION_CHUNK = 100
# Left as they are in the query of a link, for people to read it.
LINK_SAFE = "$(),/='"


@dataclass
class Scope:
    """The entities a path names: a type, the condition that picks them, and whether it
    names one (`Things(1)`) or a collection (`Things(1)/Datastreams`)."""

    entity: EntityType
    q: Q | None = None
    key: Any = None
    single: bool = False


@dataclass
class Page:
    rows: list[Row]
    more: bool
    count: int | None


def _static_rows(entity: EntityType, scope_q: Q | None, key: Any) -> list[Row]:
    rows = entity.rows()  # type: ignore[attr-defined]
    if key is not None:
        rows = [r for r in rows if r["pk"] == key]
    return rows


def _with_id(entity: EntityType, row: Row) -> dict:
    return {"@iot.id": entity.key_of(row), **entity.draw(row)}


def _static_page(entity: EntityType, rows: list[Row], options: Options) -> Page:
    if options.filter is not None:
        node = options.filter
        rows = [r for r in rows if evaluate(node, _with_id(entity, r)) is True]
    for node, descending in reversed(options.orderby):
        rows.sort(
            key=lambda r: python_sort_key(evaluate(node, _with_id(entity, r))),  # noqa: B023
            reverse=descending,
        )
    count = len(rows) if options.count else None
    chosen = rows[options.skip : options.skip + options.limit + 1]
    return Page(chosen[: options.limit], len(chosen) > options.limit, count)


def filtered(
    entity: EntityType, scope_q: Q | None, options: Options, base: QuerySet | None = None
) -> QuerySet:
    """The entity's queryset (or `base`) under the scope and `$filter`, ordered by
    `$orderby` and then by its key (so pages never overlap)."""
    rows = entity.queryset() if base is None else base
    if scope_q is not None:
        rows = rows.filter(scope_q)
    ctx = context_of(entity)
    if options.filter is not None:
        rows = rows.filter(where(options.filter, ctx))
    return rows.order_by(*ordering(options.orderby, ctx), *entity.order)


def page_of(scope: Scope, options: Options) -> Page:
    entity = scope.entity
    if entity.static:
        return _static_page(entity, _static_rows(entity, scope.q, scope.key), options)
    rows = filtered(entity, scope.q, options)
    count = rows.count() if options.count else None
    chosen = list(entity.fetch(rows)[options.skip : options.skip + options.limit + 1])
    return Page(chosen[: options.limit], len(chosen) > options.limit, count)


def one(scope: Scope) -> Row:
    """The one entity a scope names, or 404."""
    entity = scope.entity
    if entity.static:
        rows = _static_rows(entity, None, scope.key)
    else:
        chosen = entity.queryset().filter(entity.key_q(scope.key))
        if scope.q is not None:
            chosen = chosen.filter(scope.q)
        rows = list(entity.fetch(chosen)[:1])
    if not rows:
        raise not_found(f"no {entity.name} with id {scope.key}")
    return rows[0]


# --- links and drawing -----------------------------------------------------------------


def id_literal(key: Any) -> str:
    if isinstance(key, int):
        return str(key)
    return "'" + quote(str(key).replace("'", "''"), safe="-_.") + "'"


def self_link(base: str, entity: EntityType, key: Any) -> str:
    return f"{base}/{entity.plural}({id_literal(key)})"


def _selection(entity: EntityType, options: Options) -> set[str] | None:
    if options.select is None:
        return None
    known = {"id", "@iot.id", "selfLink", "@iot.selfLink", *entity.properties, *entity.navs}
    for name in options.select:
        if name not in known:
            raise bad_request(f"{entity.name} has no property {name} to $select")
    return set(options.select)


def _draw_one(base: str, entity: EntityType, row: Row, selected: set[str] | None) -> dict:
    key = entity.key_of(row)
    link = self_link(base, entity, key)
    out: dict[str, Any] = {}
    if selected is None or selected & {"id", "@iot.id"}:
        out["@iot.id"] = key
    if selected is None or selected & {"selfLink", "@iot.selfLink"}:
        out["@iot.selfLink"] = link
    properties = entity.draw(row)
    for name in entity.properties:
        if selected is None or name in selected:
            out[name] = properties[name]
    for name in entity.navs:
        if selected is None or name in selected:
            out[f"{name}@iot.navigationLink"] = f"{link}/{name}"
    return out


def draw_all(base: str, entity: EntityType, rows: list[Row], options: Options) -> list[dict]:
    """Rows as SensorThings JSON, with their expansions (one query per level)."""
    selected = _selection(entity, options)
    drawn = [_draw_one(base, entity, row, selected) for row in rows]
    for name, nested in options.expand.items():
        nav = entity.navs.get(name)
        if nav is None:
            raise bad_request(f"{entity.name} has no navigation property {name} to $expand")
        if nav.many:
            _expand_many(base, entity, nav, rows, drawn, nested)
        else:
            _expand_one(base, entity, nav, rows, drawn, nested)
    return drawn


def _expand_one(
    base: str, entity: EntityType, nav: Nav, rows: list[Row], drawn: list[dict], nested: Options
) -> None:
    target = TYPES[nav.target]
    keys = [entity.target_key(nav, row) for row in rows]
    if target.static:
        found = {row["pk"]: row for row in target.rows()}  # type: ignore[attr-defined]
        by_key = {k: found[k] for k in set(keys) if k in found}
    elif nav.same_device:
        by_key = {row["pk"]: row for row in rows}
    else:
        fetched = target.fetch(target.queryset().filter(target.keys_q(list(set(keys)))))
        by_key = {_key_tuple(target, r): r for r in fetched}
    targets = [by_key.get(k) for k in keys]
    present = [t for t in targets if t is not None]
    pictures = iter(draw_all(base, target, present, nested))
    for out, target_row in zip(drawn, targets, strict=True):
        out[nav.name] = next(pictures) if target_row is not None else None


def _key_tuple(entity: EntityType, row: Row) -> Any:
    columns = entity.key_columns
    if columns == ("pk",):
        return row["pk"]
    return tuple(row[c] for c in columns)


def _moment(raw: Any) -> datetime.datetime:
    # Raw SQL hands SQLite's stored text, or a naive time, for a datetime column.
    if isinstance(raw, str):
        raw = datetime.datetime.fromisoformat(raw)
    return raw if raw.tzinfo else raw.replace(tzinfo=datetime.UTC)


# Stand-ins for a parent's key columns in the one compiled branch (see `_statements`):
# values no row has (within a 32-bit integer, so no lookup drops them as out of range).
SENTINELS = {
    "pk": (-730_145_291, "\x1fsta-pk"),
    "device_id": (-730_145_292, "\x1fsta-device"),
    "quantity": (-730_145_293, "\x1fsta-quantity"),
}


def _sentinel_row(row: Row) -> tuple[Row, dict[object, str]]:
    stand_in = dict(row)
    fields: dict[object, str] = {}
    for name, (number, text) in SENTINELS.items():
        if name in row:
            value = number if isinstance(row[name], int) else text
            stand_in[name] = value
            fields[value] = name
    return stand_in, fields


def _statements(make: Callable[[Row], QuerySet], rows: list[Row]) -> list[tuple[str, list]]:
    """The SQL of `make(row)` for each row. Building and compiling a queryset costs
    milliseconds, so one is compiled with stand-ins for the parent's keys, whose
    parameters are then swapped for each row's; should a stand-in not come through as
    a parameter, each row's is compiled."""
    stand_in, fields = _sentinel_row(rows[0])
    query = make(stand_in)
    sql, params = query.query.get_compiler(using=query.db).as_sql()
    slots = [
        (i, fields[p]) for i, p in enumerate(params) if isinstance(p, int | str) and p in fields
    ]
    if {name for _i, name in slots} != set(fields.values()):
        return [_compiled(make(row)) for row in rows]
    statements = []
    for row in rows:
        row_params = list(params)
        for i, name in slots:
            row_params[i] = row[name]
        statements.append((sql, row_params))
    return statements


def _compiled(query: QuerySet) -> tuple[str, list]:
    sql, params = query.query.get_compiler(using=query.db).as_sql()
    return sql, list(params)


def _union(statements: list[tuple[str, list]], count: bool) -> list[list[tuple]]:
    """Each statement's rows (or its count) from UNION ALL statements of them."""
    found: list[list[tuple]] = [[] for _ in statements]
    for start in range(0, len(statements), UNION_CHUNK):
        parts, params = [], []
        for i, (sql, branch_params) in enumerate(statements[start : start + UNION_CHUNK], start):
            # Each branch a subquery of its own: its ORDER BY and LIMIT stay inside it.
            if count:
                parts.append(f"SELECT {i} AS branch, COUNT(*) FROM ({sql}) AS b{i}")
            else:
                parts.append(f"SELECT {i} AS branch, b{i}.* FROM ({sql}) AS b{i}")
            params.extend(branch_params)
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for branch_index, *values in cursor.fetchall():
                found[branch_index].append(tuple(values))
    return found


def _expand_many(
    base: str, entity: EntityType, nav: Nav, rows: list[Row], drawn: list[dict], nested: Options
) -> None:
    target = TYPES[nav.target]
    limit, skip = nested.limit, nested.skip
    if not rows:
        return
    if nav.same_device and nested.filter is None and not nested.orderby:
        # One place per device: the parent's own row is the Location (no query).
        children = [[row][skip : skip + limit] for row in rows]
        more = [False for _ in rows]
        counts = [1 for _ in rows] if nested.count else None
    else:
        below = target.queryset_below(entity)

        def scoped(row: Row) -> QuerySet:
            return filtered(target, entity.child_q(nav, row), nested, below)

        def keyed(row: Row) -> QuerySet:
            return scoped(row).values_list(*target.key_columns)[skip : skip + limit + 1]

        key_rows = _union(_statements(keyed, rows), count=False)
        counts = None
        if nested.count:
            counted = _union(_statements(lambda r: scoped(r).values("pk"), rows), count=True)
            counts = [r[0][0] for r in counted]
        keys = [[_key_of_raw(target, k) for k in branch] for branch in key_rows]
        every = list({k for branch in keys for k in branch[:limit]})
        fetched = target.fetch(target.queryset().filter(target.keys_q(every))) if every else []
        by_key = {_key_tuple(target, r): r for r in fetched}
        children = [[by_key[k] for k in branch[:limit] if k in by_key] for branch in keys]
        more = [len(branch) > limit for branch in keys]
    pictures = iter(draw_all(base, target, [c for group in children for c in group], nested))
    for i, (out, row) in enumerate(zip(drawn, rows, strict=True)):
        out[nav.name] = [next(pictures) for _ in children[i]]
        if counts is not None:
            out[f"{nav.name}@iot.count"] = counts[i]
        if more[i]:
            link = f"{self_link(base, entity, entity.key_of(row))}/{nav.name}"
            out[f"{nav.name}@iot.nextLink"] = next_link(link, nested.raw, skip + limit, limit)


def _key_of_raw(entity: EntityType, raw: tuple) -> Any:
    if entity.key_columns == ("pk",):
        return raw[0]
    if len(raw) == 3:
        return raw[0], raw[1], _moment(raw[2])
    return tuple(raw)


def next_link(url: str, raw: dict[str, str], skip: int, top: int) -> str:
    query = dict(raw, **{"$top": str(top), "$skip": str(skip)})
    return f"{url}?{urlencode(query, safe=LINK_SAFE, quote_via=quote)}"


# --- resource paths -------------------------------------------------------------------


def _segments(path: str) -> list[str]:
    parts, depth, quoted, start = [], 0, False, 0
    for i, char in enumerate(path):
        if char == "'":
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
        elif not quoted and char == ")":
            depth -= 1
        elif not quoted and depth == 0 and char == "/":
            parts.append(path[start:i])
            start = i + 1
    parts.append(path[start:])
    return [p for p in parts if p]


def _name_and_key(segment: str) -> tuple[str, str | None]:
    if not segment.endswith(")") or "(" not in segment:
        return segment, None
    name, _sep, literal = segment[:-1].partition("(")
    if len(literal) >= 2 and literal[0] == literal[-1] == "'":
        literal = literal[1:-1].replace("''", "'")
    return name, literal


@dataclass
class Resolved:
    scope: Scope
    property: str | None = None
    value: bool = False  # `/$value`
    ref: bool = False  # `/$ref`


def resolve_path(path: str) -> Resolved:
    """What a path below the service root names, or a 404 saying what is not there."""
    segments = _segments(path)
    name, literal = _name_and_key(segments[0])
    entity = BY_PLURAL.get(name)
    if entity is None:
        raise not_found(f"no entity set {name}")
    scope = Scope(entity)
    if literal is not None:
        scope = Scope(entity, key=entity.key_parse(literal), single=True)
    resolved = Resolved(scope)
    for position, segment in enumerate(segments[1:], 1):
        last = position == len(segments) - 1
        if segment == "$ref" and last and resolved.property is None:
            resolved.ref = True
            continue
        if segment == "$value" and last and resolved.property is not None:
            resolved.value = True
            continue
        name, literal = _name_and_key(segment)
        current = resolved.scope
        if resolved.property is not None or not current.single:
            raise not_found(f"{segment} cannot follow here: name one entity first")
        if name in current.entity.properties and literal is None:
            resolved.property = name
            continue
        nav = current.entity.navs.get(name)
        if nav is None:
            raise not_found(f"{current.entity.name} has no property {name}")
        resolved.scope = _navigate(current, nav, literal)
    return resolved


def _navigate(current: Scope, nav: Nav, literal: str | None) -> Scope:
    row = one(current)
    entity, target = current.entity, TYPES[nav.target]
    if not nav.many:
        if literal is not None:
            raise not_found(f"{nav.name} is one entity: it takes no id")
        return Scope(target, key=entity.target_key(nav, row), single=True)
    scope = Scope(target, q=entity.child_q(nav, row))
    if literal is not None:
        scope.key = target.key_parse(literal)
        scope.single = True
    return scope
