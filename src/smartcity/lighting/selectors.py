"""Reads of street lighting: live state for the map, remote management, energy."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, Value, When

from smartcity.devices.models import Alert, Device, DeviceState, ReadingAggregate
from smartcity.devices.selectors import DeviceView, devices_filter, with_states
from smartcity.devices.storage import day_of
from smartcity.devices.types import DEVICE_TYPES

STATES = ("on", "dimmed", "off", "fault", "unmanaged", "unknown")
_STREET_LIGHT = DEVICE_TYPES["StreetLight"]


def light_state(view: DeviceView, faulty: set[int]) -> str:
    """on, dimmed, off, fault, unmanaged (no controller) or unknown (no data yet)."""
    if not view.device.is_connected:
        return "unmanaged"
    if view.device.pk in faulty or view.value("status") not in (None, "ok"):
        return "fault"
    power = view.value("powerState")
    if power is None:
        return "unknown"
    if power == "off":
        return "off"
    level = view.value("illuminanceLevel")
    return "dimmed" if isinstance(level, float) and level < 0.95 else "on"


def lights(district_slug: str | None = None) -> list[tuple[DeviceView, str]]:
    devices = devices_filter(device_type="StreetLight", district_slug=district_slug)
    views = with_states(devices, ("powerState", "illuminanceLevel", "activePower", "status"))
    faulty = set(
        Alert.objects.active()
        .filter(device__device_type="StreetLight")
        .values_list("device_id", flat=True)
    )
    return [(v, light_state(v, faulty)) for v in views]


def lights_geojson(district_slug: str | None = None) -> dict:
    features = []
    for view, state in lights(district_slug):
        device = view.device
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [device.longitude, device.latitude]},
                "properties": {
                    "id": device.ref,
                    "state": state,
                    "level": view.value("illuminanceLevel"),
                    "power": view.value("activePower"),
                    "address": device.address,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _state_is(quantity: str, low: float | None, high: float) -> Exists:
    """The lamp's latest `quantity` lies in [low, high) (below `high` without `low`)."""
    states = DeviceState.objects.filter(device=OuterRef("pk"), quantity=quantity, value__lt=high)
    return Exists(states if low is None else states.filter(value__gte=low))


def _has_state(quantity: str) -> Exists:
    return Exists(DeviceState.objects.filter(device=OuterRef("pk"), quantity=quantity))


def _state_outside(quantity: str, low: float, high: float) -> Exists:
    """The lamp reports `quantity` and its latest value lies outside [low, high)."""
    states = DeviceState.objects.filter(device=OuterRef("pk"), quantity=quantity)
    return Exists(states.exclude(value__gte=low, value__lt=high))


def state_counts(district_slug: str | None = None) -> dict[str, int]:
    """Lamps per state (as `light_state` names them), counted by the database over the
    devices' latest-state table: one query, each lamp's state decided once (the CASE
    stops at its first match), whatever the number of lamps."""
    ok = float(_STREET_LIGHT.quantities["status"].states.index("ok"))
    off = float(_STREET_LIGHT.quantities["powerState"].states.index("off"))
    state = Case(
        When(is_connected=False, then=Value("unmanaged")),
        When(Exists(Alert.objects.active().filter(device=OuterRef("pk"))), then=Value("fault")),
        When(_state_outside("status", ok, ok + 1), then=Value("fault")),
        When(~Q(_has_state("powerState")), then=Value("unknown")),
        When(_state_is("powerState", off, off + 1), then=Value("off")),
        When(_state_is("illuminanceLevel", None, 0.95), then=Value("dimmed")),
        default=Value("on"),
        output_field=CharField(),
    )
    counts = dict(
        devices_filter(device_type="StreetLight", district_slug=district_slug)
        .order_by()
        .annotate(state=state)
        .values("state")
        .annotate(lamps=Count("pk"))
        .values_list("state", "lamps")
    )
    return {name: counts.get(name, 0) for name in STATES}


@dataclass(frozen=True)
class RemoteManagement:
    managed: int
    total: int

    @property
    def share(self) -> float | None:
        """ISO 37122 (10.5): percentage of street lights under remote management."""
        return None if not self.total else 100.0 * self.managed / self.total


def remote_management() -> RemoteManagement:
    counts = Device.objects.filter(device_type="StreetLight", is_active=True).aggregate(
        total=Count("pk"), managed=Count("pk", filter=Q(is_connected=True))
    )
    return RemoteManagement(counts["managed"], counts["total"])


def _daily_index_maxima(start: datetime.datetime, end: datetime.datetime) -> dict[int, dict]:
    rows = ReadingAggregate.objects.filter(
        device__device_type="StreetlightControlCabinet",
        quantity="energyConsumed",
        period="d",
        start__gte=start,
        start__lt=end,
    ).values_list("device_id", "start", "maximum", "minimum")
    maxima: dict[int, dict] = defaultdict(dict)
    for device_id, day, high, low in rows:
        maxima[device_id][day] = (high, low)
    return maxima


def cabinet_energy(
    first_day: datetime.datetime, days: int
) -> dict[int, dict[datetime.datetime, float]]:
    """kWh per cabinet and local day: the day's last meter index less the day before's.

    `first_day` is the start of a local day (storage.day_of). A day whose previous day
    is missing counts from its own first index instead.
    """
    before = day_of(first_day - datetime.timedelta(hours=12))
    end = day_of(first_day + datetime.timedelta(days=days, hours=12))
    maxima = _daily_index_maxima(before, end)
    energy: dict[int, dict[datetime.datetime, float]] = defaultdict(dict)
    for device_id, by_day in maxima.items():
        for day, (high, low) in sorted(by_day.items()):
            if day < first_day:
                continue
            previous = by_day.get(day_of(day - datetime.timedelta(hours=12)))
            energy[device_id][day] = high - (previous[0] if previous else low)
    return energy


def district_energy(first_day: datetime.datetime, days: int) -> list[tuple[str, float]]:
    """(district name, kWh) over the days, largest first."""
    energy = cabinet_energy(first_day, days)
    names = dict(Device.objects.filter(pk__in=list(energy)).values_list("pk", "district__name"))
    totals: dict[str, float] = defaultdict(float)
    for device_id, by_day in energy.items():
        totals[names.get(device_id) or "—"] += sum(by_day.values())
    return sorted(totals.items(), key=lambda item: -item[1])


def cabinets_energy(first_day: datetime.datetime, days: int) -> list[tuple[Device, float]]:
    """(cabinet, kWh over the days) for every cabinet with meter readings, largest first."""
    energy = cabinet_energy(first_day, days)
    cabinets = Device.objects.filter(pk__in=list(energy)).select_related("district")
    totals = [(cabinet, sum(energy[cabinet.pk].values())) for cabinet in cabinets]
    return sorted(totals, key=lambda item: (-item[1], item[0].ref))


@dataclass(frozen=True)
class Working:
    working: int  # reporting lamps without a fault (on, dimmed or off by schedule)
    reporting: int  # lamps whose controller reports (working or faulty)

    @property
    def share(self) -> float | None:
        return None if not self.reporting else 100.0 * self.working / self.reporting


def lights_working(district_slug: str | None = None) -> Working:
    """How many remotely managed lamps work, of those that report their state."""
    counts = state_counts(district_slug)
    working = counts["on"] + counts["dimmed"] + counts["off"]
    return Working(working, working + counts["fault"])


def lights_for_open_data(
    *, chunk_size: int = 2000, offset: int = 0, limit: int | None = None
) -> Iterator[dict]:
    """Every active street light with its latest state by id, read a chunk at a time
    (each chunk starts after the last id of the one before); with `offset`/`limit`
    only that slice, so a preview of 20 lamps reads 20."""
    faulty = set(
        Alert.objects.active()
        .filter(device__device_type="StreetLight")
        .values_list("device_id", flat=True)
    )
    quantities = ("powerState", "illuminanceLevel", "activePower", "status")
    lamps = devices_filter(device_type="StreetLight")  # ordered by ref, which is unique
    left = limit
    after: str | None = None
    while left is None or left > 0:
        size = chunk_size if left is None else min(chunk_size, left)
        remaining = lamps.filter(ref__gt=after) if after is not None else lamps[offset:]
        chunk = list(remaining[:size])
        if not chunk:
            return
        after = chunk[-1].ref
        if left is not None:
            left -= len(chunk)
        for view in with_states(chunk, quantities):
            device = view.device
            level = view.value("illuminanceLevel")
            power = view.value("activePower")
            yield {
                "id": device.ref,
                "district": device.district.name if device.district else "",
                "address": device.address,
                "latitude": device.latitude,
                "longitude": device.longitude,
                "remotely_managed": device.is_connected,
                "state": light_state(view, faulty),
                "dimming_percent": round(level * 100) if isinstance(level, float) else None,
                "power_w": power if isinstance(power, float) else None,
                "observed_at": view.last_seen,
            }


def lights_count() -> int:
    return devices_filter(device_type="StreetLight").count()
