"""The expression language of `$filter` and `$orderby` (OGC 18-088 § 9.3.3.5, after OData).

A small precedence-climbing parser into a tree of plain dataclasses; `translate` turns the
tree into ORM queries. Written here rather than taken from an OData library: SensorThings
adds functions OData v4 lacks (`substringof`, the `st_…` spatial relations) and our entity
sets are views over the hub's tables, not one model each, so only the parsing would have
been shared.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from shapely import wkt
from shapely.errors import ShapelyError
from shapely.geometry.base import BaseGeometry

from smartcity.sensorthings.errors import bad_request


@dataclass(frozen=True)
class Literal:
    value: str | int | float | bool | datetime.datetime | datetime.date | BaseGeometry | None


@dataclass(frozen=True)
class Path:
    """A property path: `name`, `Datastream/Thing/name`, `unitOfMeasurement/symbol`."""

    segments: tuple[str, ...]


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Binary:
    op: str  # eq ne gt ge lt le and or add sub mul div mod
    left: Node
    right: Node


@dataclass(frozen=True)
class Unary:
    op: str  # not, neg
    operand: Node


Node = Literal | Path | Call | Binary | Unary

# Number of arguments of each function the service knows (OGC 18-088 Table 24).
FUNCTIONS: dict[str, tuple[int, int]] = {
    "substringof": (2, 2),
    "contains": (2, 2),
    "startswith": (2, 2),
    "endswith": (2, 2),
    "length": (1, 1),
    "indexof": (2, 2),
    "substring": (2, 3),
    "tolower": (1, 1),
    "toupper": (1, 1),
    "trim": (1, 1),
    "concat": (2, 2),
    "year": (1, 1),
    "month": (1, 1),
    "day": (1, 1),
    "hour": (1, 1),
    "minute": (1, 1),
    "second": (1, 1),
    "fractionalseconds": (1, 1),
    "date": (1, 1),
    "time": (1, 1),
    "now": (0, 0),
    "mindatetime": (0, 0),
    "maxdatetime": (0, 0),
    "round": (1, 1),
    "floor": (1, 1),
    "ceiling": (1, 1),
    "geo.distance": (2, 2),
    "geo.intersects": (2, 2),
    "st_within": (2, 2),
    "st_intersects": (2, 2),
    "st_disjoint": (2, 2),
    "st_contains": (2, 2),
    "st_equals": (2, 2),
}

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<geo>(?:geography|geometry)'[^']*')
  | (?P<string>'(?:[^']|'')*')
  | (?P<datetime>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)
  | (?P<date>\d{4}-\d{2}-\d{2})
  | (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_@$][\w.@]*)
  | (?P<punct>[(),/-])
    """,
    re.VERBOSE,
)
KEYWORDS = {"and", "or", "not", "eq", "ne", "gt", "ge", "lt", "le", "add", "sub", "mul", "div"}
KEYWORDS |= {"mod", "true", "false", "null"}
# Binding power of the binary operators: OData's precedence, loosest first.
BINARY = {
    "or": 1,
    "and": 2,
    "eq": 3,
    "ne": 3,
    "gt": 4,
    "ge": 4,
    "lt": 4,
    "le": 4,
    "add": 5,
    "sub": 5,
    "mul": 6,
    "div": 6,
    "mod": 6,
}


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    at: int


def tokens(text: str) -> list[Token]:
    found = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise bad_request(f"unexpected character {text[position]!r} at {position}")
        kind = match.lastgroup or ""
        if kind != "ws":
            found.append(Token(kind, match.group(), position))
        position = match.end()
    return found


def _datetime(text: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise bad_request(f"{text} is not a valid date and time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def _geometry(text: str) -> BaseGeometry:
    body = text[text.index("'") + 1 : -1]
    try:
        return wkt.loads(body)
    except (ShapelyError, ValueError, TypeError):
        raise bad_request(f"{body!r} is not a valid WKT geometry") from None


class Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.items = tokens(text)
        self.position = 0

    def peek(self) -> Token | None:
        return self.items[self.position] if self.position < len(self.items) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise bad_request(f"the expression {self.text!r} ends too early")
        self.position += 1
        return token

    def expect(self, text: str) -> None:
        token = self.take()
        if token.text != text:
            raise bad_request(f"expected {text!r} at {token.at}, found {token.text!r}")

    def keyword(self) -> str | None:
        token = self.peek()
        if token is not None and token.kind == "name" and token.text.lower() in KEYWORDS:
            return token.text.lower()
        return None

    def expression(self, floor: int = 0) -> Node:
        left = self.unary()
        while True:
            op = self.keyword()
            if op not in BINARY or BINARY[op] <= floor:
                return left
            self.take()
            right = self.expression(BINARY[op])
            left = Binary(op, left, right)

    def unary(self) -> Node:
        token = self.peek()
        if self.keyword() == "not":
            self.take()
            return Unary("not", self.unary())
        if token is not None and token.text == "-":
            self.take()
            operand = self.unary()
            if isinstance(operand, Literal) and isinstance(operand.value, int | float):
                return Literal(-operand.value)
            return Unary("neg", operand)
        return self.primary()

    def primary(self) -> Node:
        token = self.take()
        if token.text == "(":
            inner = self.expression()
            self.expect(")")
            return inner
        if token.kind == "string":
            return Literal(token.text[1:-1].replace("''", "'"))
        if token.kind == "number":
            is_float = any(c in token.text for c in ".eE")
            return Literal(float(token.text) if is_float else int(token.text))
        if token.kind == "datetime":
            return Literal(_datetime(token.text))
        if token.kind == "date":
            try:
                return Literal(datetime.date.fromisoformat(token.text))
            except ValueError:
                raise bad_request(f"{token.text} is not a valid date") from None
        if token.kind == "geo":
            return Literal(_geometry(token.text))
        if token.kind == "name":
            return self.name(token)
        raise bad_request(f"unexpected {token.text!r} at {token.at}")

    def name(self, token: Token) -> Node:
        word = token.text.lower()
        if word in ("true", "false"):
            return Literal(word == "true")
        if word == "null":
            return Literal(None)
        if word in KEYWORDS:
            raise bad_request(f"unexpected {token.text!r} at {token.at}")
        following = self.peek()
        if following is not None and following.text == "(":
            return self.call(token)
        segments = [token.text]
        while (following := self.peek()) is not None and following.text == "/":
            self.take()
            part = self.take()
            if part.kind != "name":
                raise bad_request(f"expected a property name at {part.at}")
            segments.append(part.text)
        return Path(tuple(segments))

    def call(self, token: Token) -> Call:
        name = token.text.lower()
        if name not in FUNCTIONS:
            raise bad_request(f"unknown function {token.text!r}")
        self.expect("(")
        args: list[Node] = []
        if (following := self.peek()) is not None and following.text == ")":
            self.take()
        else:
            args.append(self.expression())
            while self.take().text == ",":
                args.append(self.expression())
            self.position -= 1
            self.expect(")")
        least, most = FUNCTIONS[name]
        if not least <= len(args) <= most:
            raise bad_request(f"{name} takes {least} to {most} arguments, not {len(args)}")
        return Call(name, tuple(args))

    def done(self) -> bool:
        return self.peek() is None


def filter_parse(text: str) -> Node:
    """The tree of a `$filter` expression, or a 400 StaError saying what is wrong."""
    parser = Parser(text)
    node = parser.expression()
    if not parser.done():
        token = parser.take()
        raise bad_request(f"unexpected {token.text!r} at {token.at} in $filter")
    return node


def orderby_parse(text: str) -> list[tuple[Node, bool]]:
    """`$orderby` as (expression, descending) pairs."""
    parser = Parser(text)
    found = []
    while True:
        node = parser.expression()
        descending = False
        token = parser.peek()
        if token is not None and token.kind == "name" and token.text.lower() in ("asc", "desc"):
            descending = parser.take().text.lower() == "desc"
        found.append((node, descending))
        if parser.done():
            return found
        token = parser.take()
        if token.text != ",":
            raise bad_request(f"unexpected {token.text!r} at {token.at} in $orderby")
