"""Reads of the data hub: the current state of devices, and the history of one."""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple, TypedDict, Unpack

from django.db import connection
from django.db.models import Exists, Max, Min, OuterRef, QuerySet

from smartcity.city.models import District
from smartcity.devices.models import Alert, Device, DeviceState, Reading, ReadingAggregate
from smartcity.devices.perf import gc_paused
from smartcity.devices.types import DEVICE_TYPES, DeviceType

EARTH_RADIUS_M = 6_371_000.0
LOOKUPS = {">": "gt", ">=": "gte", "<": "lt", "<=": "lte", "==": "exact"}


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


class StateValue(NamedTuple):
    # A tuple: states_current makes tens of thousands at once, and a frozen dataclass
    # costs several times as much to build.
    value: float
    observed_at: datetime.datetime

    def shown(self, device_type: DeviceType, quantity: str) -> float | str:
        """The value as the device type speaks it: a state's name, or the number."""
        q = device_type.quantities.get(quantity)
        return q.state_of(self.value) if q and q.states else self.value


@dataclass
class DeviceView:
    device: Device
    states: dict[str, StateValue] = field(default_factory=dict)

    @property
    def type(self) -> DeviceType:
        return DEVICE_TYPES[self.device.device_type]

    @property
    def last_seen(self) -> datetime.datetime | None:
        return max((s.observed_at for s in self.states.values()), default=None)

    def value(self, quantity: str) -> float | str | None:
        state = self.states.get(quantity)
        return None if state is None else state.shown(self.type, quantity)


@dataclass(frozen=True)
class Condition:
    """`quantity operator value`, the value being a number or a state's name."""

    quantity: str
    operator: str
    value: float | str


def _condition_q(condition: Condition, device_type: str | None) -> Exists:
    value = condition.value
    if isinstance(value, str):
        state_names = [
            t.quantities[condition.quantity].states
            for t in DEVICE_TYPES.values()
            if (device_type in (None, t.name)) and condition.quantity in t.quantities
        ]
        indexes = {s.index(value) for s in state_names if value in s}
        value = indexes.pop() if len(indexes) == 1 else -1.0  # no such state: nothing matches
    states = DeviceState.objects.filter(device=OuterRef("pk"), quantity=condition.quantity)
    if condition.operator == "!=":
        return Exists(states.exclude(value=value))
    return Exists(states.filter(**{f"value__{LOOKUPS[condition.operator]}": value}))


def devices_filter(
    *,
    device_type: str | None = None,
    district_slug: str | None = None,
    refs: Iterable[str] | None = None,
    conditions: Iterable[Condition] = (),
    bbox: tuple[float, float, float, float] | None = None,
    near: tuple[float, float, float] | None = None,
) -> QuerySet[Device]:
    """Active devices by type, district, current values and place.

    `bbox` is (min_lat, min_lon, max_lat, max_lon); `near` is (lat, lon, metres), whose
    bounding square is applied here and the exact circle by `devices_near`.
    """
    devices = Device.objects.filter(is_active=True).select_related("district")
    if device_type:
        devices = devices.filter(device_type=device_type)
    if district_slug:
        devices = devices.filter(district__slug=district_slug)
    if refs is not None:
        devices = devices.filter(ref__in=list(refs))
    for condition in conditions:
        devices = devices.filter(_condition_q(condition, device_type))
    if near is not None:
        lat, lon, metres = near
        dlat = math.degrees(metres / EARTH_RADIUS_M)
        dlon = dlat / max(math.cos(math.radians(lat)), 1e-6)
        bbox = (lat - dlat, lon - dlon, lat + dlat, lon + dlon)
    if bbox is not None:
        min_lat, min_lon, max_lat, max_lon = bbox
        devices = devices.filter(
            latitude__gte=min_lat,
            latitude__lte=max_lat,
            longitude__gte=min_lon,
            longitude__lte=max_lon,
        )
    return devices.order_by("ref")


def devices_near(devices: Iterable[Device], lat: float, lon: float, metres: float) -> list[Device]:
    return [d for d in devices if distance_m(lat, lon, d.latitude, d.longitude) <= metres]


def with_states(
    devices: Iterable[Device], quantities: Iterable[str] | None = None
) -> list[DeviceView]:
    """The devices with their latest value of each quantity (one query for all)."""
    views = {d.pk: DeviceView(d) for d in devices}
    ids = list(views)
    for start in range(0, len(ids), 5000):
        states = DeviceState.objects.filter(device_id__in=ids[start : start + 5000])
        if quantities is not None:
            states = states.filter(quantity__in=list(quantities))
        for device_id, quantity, value, observed_at in states.values_list(
            "device_id", "quantity", "value", "observed_at"
        ):
            views[device_id].states[quantity] = StateValue(value, observed_at)
    return list(views.values())


def states_current(
    *,
    device_type: str | None = None,
    district_slug: str | None = None,
    quantities: Iterable[str] | None = None,
) -> dict[str, dict[str, StateValue]]:
    """The latest values of active devices by reference (sorted), devices without
    any included.

    One query and no model instances, for thousands of devices at once (the street
    lights of a district: about 30 times faster than `devices_current` for 10,000).
    Loading a time through Django's time-zone-aware converters costs several µs, the
    ORM's row handling as much again: for 30,000 states most of the time. The rows come
    straight from a cursor instead, the times raw (integer microseconds on PostgreSQL,
    Django's stored text on SQLite), each distinct one made a datetime once: devices
    share report times.
    """
    devices = Device.objects.filter(is_active=True)
    if device_type:
        devices = devices.filter(device_type=device_type)
    if district_slug:
        # By the district's id, not a join on its slug: PostgreSQL then knows how many
        # devices the district holds and joins their states in one hash join, not one
        # index lookup per device.
        found_id = District.objects.filter(slug=district_slug).values_list("pk", flat=True).first()
        if found_id is None:
            # An unknown slug is no district at all, not IS NULL (the devices in none).
            return {}
        devices = devices.filter(district_id=found_id)
    wanted = set(quantities) if quantities is not None else None
    sql, params = (
        devices.order_by()
        .values_list("ref", "states__quantity", "states__value", "states__observed_at")
        .query.sql_with_params()
    )
    # The ORM names the columns after the fields asked for (states__…).
    if connection.vendor == "postgresql":
        raw_time = "(extract(epoch FROM q.states__observed_at) * 1000000)::bigint"
    else:
        # The cast drops the column's declared type, so sqlite3 hands back the text.
        raw_time = "CAST(q.states__observed_at AS TEXT)"
    found: dict[str, dict[str, StateValue]] = {}
    times: dict[object, datetime.datetime] = {}
    with gc_paused(), connection.cursor() as cursor:
        cursor.execute(
            f"SELECT q.ref, q.states__quantity, q.states__value, {raw_time} FROM ({sql}) AS q",
            params,
        )
        for ref, quantity, value, raw in cursor.fetchall():
            states = found.get(ref)
            if states is None:
                states = found[ref] = {}
            if quantity is not None and (wanted is None or quantity in wanted):
                moment = times.get(raw)
                if moment is None:
                    moment = times[raw] = _moment(raw)
                states[quantity] = StateValue(value, moment)
        # Sorted here: in the database, sorting 30,000 rows by text cost as much as the
        # join.
        return dict(sorted(found.items()))


_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_MICROSECOND = datetime.timedelta(microseconds=1)


def _moment(raw: int | str) -> datetime.datetime:
    if isinstance(raw, int):
        return _EPOCH + raw * _MICROSECOND
    # SQLite: a naive UTC time as text, as Django stores it.
    return datetime.datetime.fromisoformat(raw).replace(tzinfo=datetime.UTC)


class DeviceFilters(TypedDict, total=False):
    """The keyword arguments of `devices_filter`."""

    device_type: str | None
    district_slug: str | None
    refs: Iterable[str] | None
    conditions: Iterable[Condition]
    bbox: tuple[float, float, float, float] | None
    near: tuple[float, float, float] | None


def devices_current(**filters: Unpack[DeviceFilters]) -> list[DeviceView]:
    near = filters.get("near")
    devices: Iterable[Device] = devices_filter(**filters)
    if near is not None:
        devices = devices_near(devices, *near)
    return with_states(devices)


@dataclass(frozen=True)
class Point:
    start: datetime.datetime
    value: float
    count: int = 1


AGGREGATES = ("avg", "min", "max", "sum", "count")


def history(
    *,
    device: Device,
    quantity: str,
    start: datetime.datetime,
    end: datetime.datetime,
    interval: str = "raw",
    aggregate: str = "avg",
) -> list[Point]:
    """A device's values of one quantity in [start, end).

    `interval` "raw" gives every reading; "hour" and "day" read the maintained
    aggregates (so long ranges stay fast and survive the pruning of raw data), with
    `aggregate` one of avg, min, max, sum, count.
    """
    if interval == "raw":
        rows = Reading.objects.filter(
            device=device, quantity=quantity, observed_at__gte=start, observed_at__lt=end
        ).order_by("observed_at")
        return [Point(t, v) for t, v in rows.values_list("observed_at", "value")]
    period = {"hour": "h", "day": "d"}[interval]
    aggregate_rows = ReadingAggregate.objects.filter(
        device=device, quantity=quantity, period=period, start__gte=start, start__lt=end
    ).order_by("start")
    points = []
    for moment, count, total, low, high in aggregate_rows.values_list(
        "start", "count", "total", "minimum", "maximum"
    ):
        value = {
            "avg": total / count,
            "sum": total,
            "min": low,
            "max": high,
            "count": float(count),
        }[aggregate]
        points.append(Point(moment, value, count))
    return points


def hourly_means(
    device_ids: Iterable[int], quantity: str, start: datetime.datetime, end: datetime.datetime
) -> dict[int, dict[datetime.datetime, float]]:
    """Hourly averages of one quantity for several devices at once."""
    means: dict[int, dict[datetime.datetime, float]] = defaultdict(dict)
    rows = ReadingAggregate.objects.filter(
        device_id__in=list(device_ids),
        quantity=quantity,
        period="h",
        start__gte=start,
        start__lt=end,
    )
    for device_id, moment, count, total in rows.values_list("device_id", "start", "count", "total"):
        means[device_id][moment] = total / count
    return means


def active_alerts(*, department_id: int | None = None) -> QuerySet[Alert]:
    alerts = Alert.objects.active().select_related("rule", "device", "device__district")
    if department_id is not None:
        alerts = alerts.filter(device__department_id=department_id)
    return alerts


@dataclass(frozen=True)
class Aggregate:
    """One hour or one (local) day of one quantity of one device."""

    start: datetime.datetime
    count: int
    total: float
    minimum: float
    maximum: float

    @property
    def mean(self) -> float:
        return self.total / self.count


def aggregates(
    device_ids: Iterable[int],
    quantity: str,
    *,
    period: str,
    start: datetime.datetime,
    end: datetime.datetime,
) -> dict[int, list[Aggregate]]:
    """Hourly ("h") or daily ("d") aggregates with `start` in [start, end) of several
    devices at once, each device's list in time order; devices without any are absent."""
    found: dict[int, list[Aggregate]] = defaultdict(list)
    ids = list(device_ids)
    for first in range(0, len(ids), 5000):
        rows = (
            ReadingAggregate.objects.filter(
                device_id__in=ids[first : first + 5000],
                quantity=quantity,
                period=period,
                start__gte=start,
                start__lt=end,
            )
            .order_by("device_id", "start")
            .values_list("device_id", "start", "count", "total", "minimum", "maximum")
        )
        for device_id, moment, count, total, low, high in rows:
            found[device_id].append(Aggregate(moment, count, total, low, high))
    return dict(found)


def latest_observation(device_type: str) -> datetime.datetime | None:
    """When any active device of the type last reported (None before any reading)."""
    return DeviceState.objects.filter(
        device__device_type=device_type, device__is_active=True
    ).aggregate(latest=Max("observed_at"))["latest"]


def aggregate_span(
    device_type: str, quantities: Iterable[str], *, period: str
) -> tuple[datetime.datetime, datetime.datetime] | None:
    """(first, last) start of the aggregates of a device type, or None without any."""
    span = ReadingAggregate.objects.filter(
        device__device_type=device_type, quantity__in=list(quantities), period=period
    ).aggregate(first=Min("start"), last=Max("start"))
    return None if span["first"] is None else (span["first"], span["last"])


def aggregate_stream(
    device_type: str,
    quantities: Iterable[str],
    *,
    period: str,
    chunk_size: int = 5000,
) -> Iterator[tuple[Device, datetime.datetime, dict[str, Aggregate]]]:
    """Every hourly ("h") or daily ("d") aggregate of the active devices of a type, one
    (device, start, {quantity: aggregate}) per device and period, in device and time
    order, read from the database in chunks (for exports of any length)."""
    devices = {d.pk: d for d in devices_filter(device_type=device_type)}
    rows = (
        ReadingAggregate.objects.filter(
            device_id__in=list(devices), quantity__in=list(quantities), period=period
        )
        .order_by("device_id", "start", "quantity")
        .values_list("device_id", "start", "quantity", "count", "total", "minimum", "maximum")
    )
    current: tuple[int, datetime.datetime] | None = None
    values: dict[str, Aggregate] = {}
    for device_id, moment, quantity, count, total, low, high in rows.iterator(
        chunk_size=chunk_size
    ):
        if (device_id, moment) != current:
            if current is not None:
                yield devices[current[0]], current[1], values
            current, values = (device_id, moment), {}
        values[quantity] = Aggregate(moment, count, total, low, high)
    if current is not None:
        yield devices[current[0]], current[1], values


def aggregate_periods_count(device_type: str, quantities: Iterable[str], *, period: str) -> int:
    """How many (device, period) pairs `aggregate_stream` yields."""
    return (
        ReadingAggregate.objects.filter(
            device__device_type=device_type,
            device__is_active=True,
            quantity__in=list(quantities),
            period=period,
        )
        .values("device_id", "start")
        .distinct()
        .count()
    )
