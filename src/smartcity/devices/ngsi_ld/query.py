"""The NGSI-LD query language (`q`), the subset the hub answers.

    q=powerState=="on";illuminanceLevel<0.5      both (`;` is AND)
    q=pm25>25|pm10>50                             either (`|` is OR, weaker than AND)
    q=fillingLevel                                the attribute has a value

Values are numbers or double-quoted strings; comparisons are ==, !=, >, >=, <, <=.
"""

from __future__ import annotations

import re
from typing import TypeVar

from django.db.models import Exists, OuterRef, Q

from smartcity.devices.models import DeviceState
from smartcity.devices.selectors import Condition, DeviceView, _condition_q

# A name is a term, a compact IRI (prefix:term) or a full IRI, expanded by the caller.
TERM = re.compile(
    r"^\s*([A-Za-z_][A-Za-z0-9_]*(?::[A-Za-z0-9_/#.\-:]+)?)\s*(?:(==|!=|>=|<=|>|<)\s*(.+?))?\s*$"
)
EXISTS = "exists"


class QueryError(ValueError):
    pass


URI_VALUE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s\"()]+$")


def _value(raw: str) -> float | str:
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        return raw[1:-1]
    try:
        return float(raw)
    except ValueError:
        pass
    # The grammar takes a URI unquoted, as a relationship's object (locatedIn==urn:…).
    if URI_VALUE.match(raw):
        return raw
    raise QueryError(f"not a number, a quoted string or a URI: {raw}")


def parse_q(text: str) -> list[list[Condition]]:
    """OR-groups of AND-ed conditions; QueryError names what it could not read."""
    if len(text) > 500:
        raise QueryError("q is too long")
    groups = []
    for group in text.split("|"):
        conditions = []
        for term in group.split(";"):
            match = TERM.match(term)
            if not match:
                raise QueryError(f"cannot read the condition {term.strip()!r}")
            name, operator, raw = match.groups()
            if operator is None:
                conditions.append(Condition(name, EXISTS, 0.0))
            else:
                conditions.append(Condition(name, operator, _value(raw)))
        groups.append(conditions)
    return groups


def q_filter(groups: list[list[Condition]], device_type: str | None) -> Q:
    result = Q(pk__in=[])
    for conditions in groups:
        both = Q()
        for c in conditions:
            if c.operator == EXISTS:
                both &= Q(
                    Exists(DeviceState.objects.filter(device=OuterRef("pk"), quantity=c.quantity))
                )
            else:
                both &= Q(_condition_q(c, device_type))
        result |= both
    return result


# float or str, the same in both places: a number is never compared with a state's name.
Comparable = TypeVar("Comparable", float, str)


def _compared(value: Comparable, operator: str, target: Comparable) -> bool:
    return {
        "==": value == target,
        "!=": value != target,
        ">": value > target,
        ">=": value >= target,
        "<": value < target,
        "<=": value <= target,
    }[operator]


def _holds(view: DeviceView, condition: Condition) -> bool:
    value = view.value(condition.quantity)
    if value is None:
        return False
    if condition.operator == EXISTS:
        return True
    target = condition.value
    if isinstance(value, str) and isinstance(target, str):
        return _compared(value, condition.operator, target)
    if isinstance(value, str) or isinstance(target, str):
        return condition.operator == "!="
    return _compared(value, condition.operator, target)


def q_matches(view: DeviceView, groups: list[list[Condition]]) -> bool:
    return any(all(_holds(view, c) for c in conditions) for conditions in groups)
