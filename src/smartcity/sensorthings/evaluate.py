"""`$filter` and `$orderby` over drawn entities, in Python: for the few Sensors and
ObservedProperties, which are the hub's catalogue, not rows of a table."""

from __future__ import annotations

import math
from typing import Any

from smartcity.sensorthings.errors import bad_request
from smartcity.sensorthings.syntax import Binary, Call, Literal, Node, Path, Unary

COMPARISONS = {"eq", "ne", "gt", "ge", "lt", "le"}


def python_compare(op: str, left: Any, right: Any) -> bool:
    if op == "eq":
        return bool(left == right)
    if op == "ne":
        return bool(left != right)
    if left is None or right is None:
        return False
    try:
        return bool(
            {"gt": left > right, "ge": left >= right, "lt": left < right, "le": left <= right}[op]
        )
    except TypeError:
        return False


def _lookup(row: dict, path: Path) -> Any:
    value: Any = row
    for segment in path.segments:
        if segment in ("id", "@iot.id"):
            segment = "@iot.id"
        if not isinstance(value, dict):
            return None
        if segment not in value:
            raise bad_request(f"{path.segments[0]} cannot be filtered here")
        value = value[segment]
    return value


def _python_call(name: str, values: list[Any]) -> Any:
    texts: dict[str, Any] = {
        "substringof": lambda a, b: a in b,
        "contains": lambda a, b: b in a,
        "startswith": lambda a, b: a.startswith(b),
        "endswith": lambda a, b: a.endswith(b),
        "length": len,
        "indexof": lambda a, b: a.find(b),
        "tolower": str.lower,
        "toupper": str.upper,
        "trim": str.strip,
        "concat": lambda a, b: a + b,
        "substring": lambda a, b, c=None: a[b:] if c is None else a[b : b + c],
        "round": round,
        "floor": math.floor,
        "ceiling": math.ceil,
    }
    if name not in texts:
        raise bad_request(f"{name} cannot be used on Sensors or ObservedProperties")
    try:
        return texts[name](*values)
    except (TypeError, AttributeError):
        return None


def evaluate(node: Node, row: dict) -> Any:
    """A `$filter` or `$orderby` tree over one drawn entity (the static sets)."""
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Path):
        return _lookup(row, node)
    if isinstance(node, Unary):
        value = evaluate(node.operand, row)
        if node.op == "not":
            return not value
        return -value if isinstance(value, int | float) else None
    if isinstance(node, Call):
        return _python_call(node.name, [evaluate(a, row) for a in node.args])
    return _evaluate_binary(node, row)


def _evaluate_binary(node: Binary, row: dict) -> Any:
    left, right = evaluate(node.left, row), evaluate(node.right, row)
    if node.op == "and":
        return bool(left) and bool(right)
    if node.op == "or":
        return bool(left) or bool(right)
    if node.op in COMPARISONS:
        return python_compare(node.op, left, right)
    if not (isinstance(left, int | float) and isinstance(right, int | float)):
        return None
    if node.op in ("div", "mod") and right == 0:
        return None
    arithmetic = {"add": left + right, "sub": left - right, "mul": left * right}
    return arithmetic.get(node.op, left / right if node.op == "div" else left % right)


def python_sort_key(value: Any) -> tuple:
    # None first, then by kind so mixed kinds never compare.
    return (value is not None, str(type(value)), value if value is not None else 0)
