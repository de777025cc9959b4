"""The query options of a request (OGC 18-088 § 9.3): `$top`, `$skip`, `$count`,
`$filter`, `$orderby`, `$select` and `$expand`, the last nested with options of its own
(`Datastreams($filter=…;$expand=Observations($top=2))`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from smartcity.sensorthings.errors import bad_request
from smartcity.sensorthings.syntax import Node, filter_parse, orderby_parse

# A page holds at most this many entities; a longer one says where the rest is.
DEFAULT_TOP = 100
MAX_TOP = 1000
# Beyond this an offset is no page anyone reads (and would overflow a 64-bit integer).
MAX_SKIP = 10**12
KNOWN = {"$top", "$skip", "$count", "$filter", "$orderby", "$select", "$expand"}


@dataclass
class Options:
    top: int | None = None
    skip: int = 0
    count: bool = False
    filter: Node | None = None
    orderby: list[tuple[Node, bool]] = field(default_factory=list)
    select: list[str] | None = None
    expand: dict[str, Options] = field(default_factory=dict)
    # The raw text of each option, for the nextLink of a page.
    raw: dict[str, str] = field(default_factory=dict)

    @property
    def limit(self) -> int:
        return min(self.top if self.top is not None else DEFAULT_TOP, MAX_TOP)


def _int(name: str, text: str) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > 13 or int(text) > MAX_SKIP:
        raise bad_request(f"{name} must be an integer from 0 to {MAX_SKIP}, not {text[:20]!r}")
    return int(text)


def _split(text: str, separator: str) -> list[str]:
    """Split at separators outside parentheses and quotes."""
    parts, depth, quoted, start = [], 0, False, 0
    for i, char in enumerate(text):
        if char == "'":
            quoted = not quoted
        elif quoted:
            continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                raise bad_request(f"unbalanced parentheses in {text!r}")
        elif char == separator and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    if depth or quoted:
        raise bad_request(f"unbalanced parentheses or quotes in {text!r}")
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _expand(text: str, into: dict[str, Options]) -> None:
    for item in _split(text, ","):
        name, _sep, rest = item.partition("(")
        nested: dict[str, str] = {}
        if rest:
            if not rest.endswith(")"):
                raise bad_request(f"the $expand item {item!r} does not end with ')'")
            for option in _split(rest[:-1], ";"):
                key, equals, value = option.partition("=")
                if not equals:
                    raise bad_request(f"the option {option!r} in $expand has no value")
                nested[key.strip()] = value.strip()
        *parents, last = [s.strip() for s in name.split("/")]
        level = into
        for parent in parents:
            level = level.setdefault(parent, Options()).expand
        if last in level:
            raise bad_request(f"{last} is expanded twice")
        level[last] = options_parse(nested)


def _paging(options: Options, params: Mapping[str, str]) -> None:
    if "$top" in params:
        options.top = _int("$top", params["$top"])
    if "$skip" in params:
        options.skip = _int("$skip", params["$skip"])
    if "$count" in params:
        if params["$count"] not in ("true", "false"):
            raise bad_request("$count must be true or false")
        options.count = params["$count"] == "true"


def options_parse(params: Mapping[str, str]) -> Options:
    """The options of a query string (a QueryDict's last values) or of an expand item."""
    unknown = {k for k in params if k.startswith("$")} - KNOWN - {"$resultFormat"}
    if unknown:
        raise bad_request(f"unknown query option {sorted(unknown)[0]}")
    if params.get("$resultFormat"):
        raise bad_request("$resultFormat is not supported by this service")
    options = Options(raw={k: v for k, v in params.items() if k in KNOWN})
    _paging(options, params)
    if params.get("$filter"):
        options.filter = filter_parse(params["$filter"])
    if params.get("$orderby"):
        options.orderby = orderby_parse(params["$orderby"])
    if "$select" in params:
        options.select = [s.strip() for s in params["$select"].split(",") if s.strip()]
        if not options.select:
            raise bad_request("$select needs at least one property")
    if params.get("$expand"):
        _expand(params["$expand"], options.expand)
    return options
