"""The documents of the service: its root, and the answer for any path below it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smartcity.sensorthings.engine import (
    draw_all,
    next_link,
    one,
    page_of,
    resolve_path,
    self_link,
)
from smartcity.sensorthings.entities import TYPES
from smartcity.sensorthings.options import options_parse

SPEC = "http://www.opengis.net/spec/iot_sensing/1.1/req/"
# Read-only: the Sensing core, its resource paths and query options (OGC 18-088 § A.1-A.3).
CONFORMANCE = [
    SPEC + "datamodel",
    SPEC + "resource-path/resource-path-to-entities",
    SPEC + "request-data",
]


def root_document(base: str) -> dict[str, Any]:
    return {
        "serverSettings": {"conformance": CONFORMANCE},
        "value": [{"name": t.plural, "url": f"{base}/{t.plural}"} for t in TYPES.values()],
    }


def answer(path: str, params: Mapping[str, str], base: str) -> dict[str, Any] | str:
    """The JSON document (or, for `/$value`, the text) a GET of `path` answers with;
    a StaError (400, 404) for what cannot be answered."""
    options = options_parse(params)
    resolved = resolve_path(path)
    scope = resolved.scope
    entity = scope.entity
    if resolved.property is not None:
        value = entity.draw(one(scope))[resolved.property]
        if resolved.value:
            return value if isinstance(value, str) else _text(value)
        return {resolved.property: value}
    if scope.single:
        row = one(scope)
        if resolved.ref:
            return {"@iot.selfLink": self_link(base, entity, entity.key_of(row))}
        return draw_all(base, entity, [row], options)[0]
    page = page_of(scope, options)
    body: dict[str, Any] = {}
    if page.count is not None:
        body["@iot.count"] = page.count
    if resolved.ref:
        body["value"] = [
            {"@iot.selfLink": self_link(base, entity, entity.key_of(r))} for r in page.rows
        ]
    else:
        body["value"] = draw_all(base, entity, page.rows, options)
    if page.more:
        body["@iot.nextLink"] = next_link(
            f"{base}/{path}", options.raw, options.skip + options.limit, options.limit
        )
    return body


def _text(value: object) -> str:
    import orjson

    return orjson.dumps(value).decode()
