"""Reads about buildings' water and heat meters: consumption per day, leaks, heat use.

Meters are devices of the urban data hub (`devices`); a meter's building is its
`building` attribute (for example {"building": "str. Independenței 12", "apartments": 60}).
Their indexes only grow, so the hub's daily aggregates hold each day's last index as the
day's maximum, and a day's consumption is the difference between two days' maxima.
"""

from __future__ import annotations

import datetime
import statistics
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from smartcity.city.text import text_fold
from smartcity.devices.models import Device
from smartcity.devices.selectors import aggregates, devices_filter, hourly_means, with_states

WATER = "WaterConsumptionObserved"
HEAT = "HeatMeter"
# The cumulative index of each kind of meter, and its unit.
INDEX = {WATER: "consumption", HEAT: "thermalEnergy"}
UNIT = {WATER: "m³", HEAT: "kWh"}

# Leak suspicion: a building's lowest hourly water flow in the small hours stays above
# this (20 litres an hour: a dripping cistern or a leaking riser) night after night.
LEAK_FLOW = 0.02
LEAK_NIGHTS = 3
NIGHT_FROM, NIGHT_TO = 2, 5  # local hours: from 02:00 to 05:00

# Abnormal heat use: a day above the mean of the days before plus this many standard
# deviations, with at least HEAT_MIN_DAYS of history; and at least HEAT_MIN_EXCESS
# above the mean, so a meter with a perfectly flat history is not flagged for 1 kWh.
HEAT_BASELINE_DAYS = 28
HEAT_MIN_DAYS = 14
HEAT_SIGMAS = 3.0
HEAT_MIN_EXCESS = 0.10


def _zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def local_date(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(_zone()).date()


def local_time(day: datetime.date, hour: int = 0) -> datetime.datetime:
    """A local hour of a day, in UTC (as the hub stores every time)."""
    return datetime.datetime.combine(day, datetime.time(hour), _zone()).astimezone(datetime.UTC)


def building_key(name: str) -> str:
    """The building's name as it appears in addresses: `str-independentei-12`."""
    return slugify(text_fold(name))


@dataclass
class Building:
    key: str
    name: str
    district: str
    apartments: int | None
    meters: list[Device] = field(default_factory=list)

    def meters_of(self, device_type: str) -> list[Device]:
        return [m for m in self.meters if m.device_type == device_type]


def _meters() -> list[Device]:
    return [*devices_filter(device_type=WATER), *devices_filter(device_type=HEAT)]


def buildings() -> list[Building]:
    """Buildings with meters, by name; meters without a building are left out."""
    found: dict[str, Building] = {}
    for meter in _meters():
        name = str((meter.attributes or {}).get("building", "")).strip()
        if not name:
            continue
        key = building_key(name)
        building = found.get(key)
        if building is None:
            apartments = (meter.attributes or {}).get("apartments")
            building = found[key] = Building(
                key=key,
                name=name,
                district=meter.district.name if meter.district else "",
                apartments=apartments if isinstance(apartments, int) else None,
            )
        building.meters.append(meter)
    return sorted(found.values(), key=lambda b: text_fold(b.name))


def building_by_key(key: str) -> Building | None:
    return next((b for b in buildings() if b.key == key), None)


@dataclass(frozen=True)
class DayUse:
    day: datetime.date
    value: float | None  # None: no index that day or the day before, or the meter was reset


def daily_consumption(
    device_ids: Iterable[int], quantity: str, *, first: datetime.date, last: datetime.date
) -> dict[int, list[DayUse]]:
    """Each device's consumption on each local day from `first` to `last`: the day's
    highest index minus the day before's (the daily aggregates' maxima). Every device
    asked for gets one entry per day."""
    ids = list(device_ids)
    found = aggregates(
        ids,
        quantity,
        period="d",
        start=local_time(first - datetime.timedelta(days=1)),
        end=local_time(last + datetime.timedelta(days=1)),
    )
    days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    result = {}
    for device_id in ids:
        maxima = {local_date(a.start): a.maximum for a in found.get(device_id, [])}
        uses = []
        for day in days:
            today, before = maxima.get(day), maxima.get(day - datetime.timedelta(days=1))
            value = None
            # A lower index than the day before is a replaced meter, not negative use.
            if today is not None and before is not None and today >= before:
                value = today - before
            uses.append(DayUse(day, value))
        result[device_id] = uses
    return result


def last_complete_night(now: datetime.datetime) -> datetime.date:
    """The date of the latest night whose 02:00–05:00 has passed."""
    local = now.astimezone(_zone())
    return local.date() if local.hour >= NIGHT_TO else local.date() - datetime.timedelta(days=1)


@dataclass(frozen=True)
class LeakSuspicion:
    device: Device
    nights: list[tuple[datetime.date, float]]  # each night's lowest hourly flow, m³/h

    @property
    def lowest(self) -> float:
        return min(flow for _day, flow in self.nights)


def leak_suspicions(*, now: datetime.datetime | None = None) -> list[LeakSuspicion]:
    """Water meters whose lowest hourly mean flow between 02:00 and 05:00 local time
    stayed above LEAK_FLOW on each of the last LEAK_NIGHTS nights. A night without data
    clears the suspicion: no data is no evidence."""
    now = now or timezone.now()
    meters = {m.pk: m for m in devices_filter(device_type=WATER)}
    last = last_complete_night(now)
    nights = [last - datetime.timedelta(days=n) for n in range(LEAK_NIGHTS - 1, -1, -1)]
    # Meters still suspected after each night, with that night's lowest hourly flow;
    # one query per night reads only the three small hours of each meter.
    lows: dict[int, list[tuple[datetime.date, float]]] = {pk: [] for pk in meters}
    for night in nights:
        means = hourly_means(
            lows, "flow", local_time(night, NIGHT_FROM), local_time(night, NIGHT_TO)
        )
        lows = {
            pk: [*lows[pk], (night, min(hours.values()))]
            for pk, hours in means.items()
            if hours and min(hours.values()) > LEAK_FLOW
        }
    found = [LeakSuspicion(meters[pk], nights_seen) for pk, nights_seen in lows.items()]
    return sorted(found, key=lambda s: s.device.ref)


@dataclass(frozen=True)
class HeatAnomaly:
    device: Device
    day: datetime.date
    consumption: float  # kWh that day
    usual: float  # mean of the days before, kWh
    limit: float  # above this the day is abnormal, kWh
    days: int  # how many days the usual was measured on


def heat_anomaly_of(values: list[float | None], consumption: float) -> tuple[float, float] | None:
    """(usual, limit) if `consumption` is abnormal against the earlier days' `values`."""
    known = [v for v in values if v is not None]
    if len(known) < HEAT_MIN_DAYS:
        return None
    usual = statistics.fmean(known)
    limit = usual + max(HEAT_SIGMAS * statistics.pstdev(known), HEAT_MIN_EXCESS * usual)
    return (usual, limit) if consumption > limit else None


def heat_anomalies(*, now: datetime.datetime | None = None) -> list[HeatAnomaly]:
    """Heat meters whose consumption yesterday (the last full local day) was above the
    mean of the HEAT_BASELINE_DAYS days before plus HEAT_SIGMAS standard deviations."""
    now = now or timezone.now()
    meters = {m.pk: m for m in devices_filter(device_type=HEAT)}
    day = local_date(now) - datetime.timedelta(days=1)
    uses = daily_consumption(
        meters, INDEX[HEAT], first=day - datetime.timedelta(days=HEAT_BASELINE_DAYS), last=day
    )
    found = []
    for device_id, series in uses.items():
        consumption = series[-1].value
        if consumption is None:
            continue
        verdict = heat_anomaly_of([u.value for u in series[:-1]], consumption)
        if verdict is not None:
            usual, limit = verdict
            known = sum(1 for u in series[:-1] if u.value is not None)
            found.append(HeatAnomaly(meters[device_id], day, consumption, usual, limit, known))
    return sorted(found, key=lambda a: a.device.ref)


@dataclass(frozen=True)
class Suspicion:
    building: Building
    leaks: list[LeakSuspicion]
    heat: list[HeatAnomaly]


def buildings_with_suspicions(*, now: datetime.datetime | None = None) -> list[Suspicion]:
    """Buildings with a meter suspected of a leak or of abnormal heat use."""
    now = now or timezone.now()
    leaks: dict[int, list[LeakSuspicion]] = {}
    for leak in leak_suspicions(now=now):
        leaks.setdefault(leak.device.pk, []).append(leak)
    heat: dict[int, list[HeatAnomaly]] = {}
    for anomaly in heat_anomalies(now=now):
        heat.setdefault(anomaly.device.pk, []).append(anomaly)
    found = []
    for building in buildings():
        ids = [m.pk for m in building.meters]
        building_leaks = [x for i in ids for x in leaks.get(i, [])]
        building_heat = [x for i in ids for x in heat.get(i, [])]
        if building_leaks or building_heat:
            found.append(Suspicion(building, building_leaks, building_heat))
    return found


@dataclass(frozen=True)
class MeterHistory:
    device: Device
    unit: str
    index: float | None  # the latest index
    index_at: datetime.datetime | None
    days: list[DayUse]

    @property
    def total(self) -> float:
        return sum(d.value for d in self.days if d.value is not None)


def building_history(
    building: Building, *, now: datetime.datetime | None = None, days: int = 30
) -> list[MeterHistory]:
    """Each meter of the building with its latest index and its daily consumption over
    the last `days` local days, today (so far) included."""
    now = now or timezone.now()
    last = local_date(now)
    first = last - datetime.timedelta(days=days - 1)
    views = {v.device.pk: v for v in with_states(building.meters)}
    histories = []
    for device_type in (WATER, HEAT):
        meters = building.meters_of(device_type)
        uses = daily_consumption([m.pk for m in meters], INDEX[device_type], first=first, last=last)
        for meter in meters:
            state = views[meter.pk].states.get(INDEX[device_type])
            histories.append(
                MeterHistory(
                    device=meter,
                    unit=UNIT[device_type],
                    index=state.value if state else None,
                    index_at=state.observed_at if state else None,
                    days=uses[meter.pk],
                )
            )
    return histories
