"""The temporal evolution of an entity (GET /temporal/entities/{id}).

Raw instances come from the readings; with `options=aggregatedValues` the hourly or
daily aggregates answer (`aggrPeriodDuration` PT1H or P1D), which stay fast over long
ranges and outlive the pruning of raw readings.
"""

from __future__ import annotations

import datetime

from django.http import QueryDict

from smartcity.devices.models import Device
from smartcity.devices.ngsi_ld.context import Context, own_context
from smartcity.devices.ngsi_ld.entities import _time, entity_id
from smartcity.devices.ngsi_ld.errors import NgsiError
from smartcity.devices.selectors import AGGREGATES, history
from smartcity.devices.types import DEVICE_TYPES

MAX_INSTANCES = 10_000
PERIODS = {"PT1H": ("hour", datetime.timedelta(hours=1)), "P1D": ("day", None)}


def _moment(params: QueryDict, name: str) -> datetime.datetime:
    raw = params.get(name)
    if not raw:
        raise NgsiError("BadRequestData", f"{name} is required with this timerel")
    try:
        moment = datetime.datetime.fromisoformat(raw)
    except ValueError:
        raise NgsiError("BadRequestData", f"{name} is not an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        raise NgsiError("BadRequestData", f"{name} needs a time zone (for example Z)")
    return moment


def time_range(
    params: QueryDict, now: datetime.datetime
) -> tuple[datetime.datetime, datetime.datetime]:
    timerel = params.get("timerel")
    if timerel is None:
        # Without a time query, the spec lets the server choose: the last day.
        return now - datetime.timedelta(days=1), now + datetime.timedelta(seconds=1)
    if timerel == "before":
        return datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC), _moment(params, "timeAt")
    if timerel == "after":
        return _moment(params, "timeAt"), now + datetime.timedelta(days=1)
    if timerel == "between":
        start, end = _moment(params, "timeAt"), _moment(params, "endTimeAt")
        if end <= start:
            raise NgsiError("BadRequestData", "endTimeAt must be after timeAt")
        return start, end
    raise NgsiError("BadRequestData", "timerel must be before, after or between")


def _aggregated(device: Device, quantity: str, start, end, methods, period) -> dict:  # noqa: ANN001
    interval, _length = PERIODS[period]
    result: dict[str, object] = {"type": "Property"}
    for method in methods:
        points = history(
            device=device,
            quantity=quantity,
            start=start,
            end=end,
            interval=interval,
            aggregate=method,
        )
        result[method] = [
            [p.value, _time(p.start), _time(_period_end(p.start, interval))] for p in points
        ]
    return result


def _period_end(start: datetime.datetime, interval: str) -> datetime.datetime:
    if interval == "hour":
        return start + datetime.timedelta(hours=1)
    # A local day is 23 or 25 hours long at the clock changes: step past noon and back.
    from smartcity.devices.storage import day_of

    return day_of(start + datetime.timedelta(hours=36))


def _instances(device: Device, quantity: str, start, end, last_n, simplified) -> dict | list:  # noqa: ANN001
    kind = DEVICE_TYPES[device.device_type].quantities[quantity]
    points = history(device=device, quantity=quantity, start=start, end=end)
    points = points[-last_n:] if last_n else points[:MAX_INSTANCES]
    shown = [(kind.state_of(p.value) if kind.states else p.value, _time(p.start)) for p in points]
    if simplified:
        return {"type": "Property", "values": [[v, t] for v, t in shown]}
    unit = {"unitCode": kind.unit_code} if kind.unit_code else {}
    return [{"type": "Property", "value": v, "observedAt": t, **unit} for v, t in shown]


def temporal_entity(
    device: Device, params: QueryDict, now: datetime.datetime, ctx: Context | None = None
) -> dict:
    """The entity's temporal representation in hub names; `attrs` is read in `ctx`."""
    start, end = time_range(params, now)
    kind = DEVICE_TYPES[device.device_type]
    ctx = ctx or own_context()
    asked = [ctx.to_hub(a.strip()) for a in params.get("attrs", "").split(",") if a.strip()]
    quantities = [q for q in (asked or kind.quantities) if q in kind.quantities]
    options = set(params.get("options", "").split(","))
    last_n = params.get("lastN")
    if last_n is not None and (not last_n.isdigit() or int(last_n) == 0):
        raise NgsiError("BadRequestData", "lastN must be a positive integer")
    result: dict[str, object] = {
        "id": entity_id(device.device_type, device.ref),
        "type": device.device_type,
    }
    if "aggregatedValues" in options or params.get("format") == "aggregatedValues":
        methods = [m for m in params.get("aggrMethods", "avg").split(",") if m]
        if not set(methods) <= set(AGGREGATES):
            raise NgsiError("BadRequestData", f"aggrMethods may be {', '.join(AGGREGATES)}")
        period = params.get("aggrPeriodDuration", "PT1H")
        if period not in PERIODS:
            raise NgsiError("BadRequestData", "aggrPeriodDuration may be PT1H or P1D")
        for quantity in quantities:
            result[quantity] = _aggregated(device, quantity, start, end, methods, period)
        return result
    simplified = "temporalValues" in options or params.get("format") == "temporalValues"
    for quantity in quantities:
        result[quantity] = _instances(
            device, quantity, start, end, int(last_n) if last_n else None, simplified
        )
    return result
