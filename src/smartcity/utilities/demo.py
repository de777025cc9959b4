"""Demo water and heat meters in Bălți's apartment blocks, with a month of readings.

Each block has one water meter and one heat meter at its entrance. Water follows a day
of a block of flats (busy mornings and evenings, still in the small hours); heat follows
the outdoor cold. A few blocks leak (water flows all night for the last days) and a few
used far more heat than usual yesterday, so the pages and alerts have something to show.
Deterministic for a seed (times are counted back from `now`).
"""

from __future__ import annotations

import datetime
import math
import random
import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone
from shapely.geometry import shape

from smartcity.city.models import District
from smartcity.city.selectors import locator
from smartcity.devices.ingest import TRUSTED, readings_ingest
from smartcity.devices.models import Gateway
from smartcity.devices.services import alert_rule_ensure, device_register
from smartcity.utilities.checks import HEAT_ABNORMAL, LEAK
from smartcity.utilities.selectors import HEAT, WATER, local_date

# Districts of apartment blocks and their share of the blocks.
DISTRICTS = {
    "dacia": 22,
    "baltiul-nou": 16,
    "molodova": 14,
    "pamanteni": 12,
    "cartierul-8": 14,
    "autogara": 10,
    "slobozia": 6,
    "centru": 6,
}
# Streets of Bălți for the blocks' addresses (the numbers are made up).
STREETS = (
    "str. Independenței",
    "str. Decebal",
    "bd. Victoriei",
    "str. Kiev",
    "str. Mihai Eminescu",
    "str. Alecu Russo",
    "str. Sfântul Nicolae",
    "str. Ion Creangă",
    "str. Vasile Alecsandri",
    "str. Hotinului",
    "str. 31 August 1989",
    "str. Calea Ieșilor",
    "str. Bulgară",
    "str. Dostoievski",
    "str. Conev",
    "str. Strîi",
    "str. Pușkin",
    "str. Ștefan cel Mare",
)
# Water drawn per apartment in each local hour of the day, m³/h: nothing in the small
# hours, peaks in the morning and the evening (about 230 litres a day).
WATER_BY_HOUR = (
    [0.004, 0.002, 0.0, 0.0, 0.0, 0.004]
    + [0.02, 0.022, 0.016]
    + [0.008] * 9
    + [0.014, 0.016, 0.016, 0.015, 0.012, 0.006]
)
WATER_HOURS = 2  # a water reading every two hours
HEAT_HOURS = 4  # a heat reading every four hours
BATCH = 4000
# Heat a block needs per apartment and degree under 18 °C outside, kW.
HEAT_PER_DEGREE = 0.06


def _local_hour(moment: datetime.datetime) -> int:
    return moment.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).hour


def outdoor_temperature(moment: datetime.datetime, seed: int) -> float:
    """A late-autumn day in Bălți: around 2 °C, colder at night, with slow swings."""
    days = moment.timestamp() / 86400
    daily = -3 * math.cos(2 * math.pi * (_local_hour(moment) - 4) / 24)
    swings = 3 * math.sin(days * 0.9 + seed) + 1.5 * math.sin(days * 0.37 + 2 * seed)
    return 2.0 + daily + swings


def _place(district: District, rng: random.Random, locate: Callable) -> tuple[float, float]:
    west, south, east, north = shape(district.boundary).bounds
    for _attempt in range(1000):
        lat, lon = rng.uniform(south, north), rng.uniform(west, east)
        place = locate(lat, lon)
        if place.district is not None and place.district.pk == district.pk:
            return round(lat, 6), round(lon, 6)
    raise ValueError(f"no point found inside {district.slug}")


def _water(rng: random.Random, ref: str, apartments: int, leak: float, moments: list) -> list[dict]:
    """Readings of a block's water meter; `leak` m³/h flow without pause for the last
    few days."""
    index = rng.uniform(20_000, 90_000)
    leak_from = moments[-1] - datetime.timedelta(days=rng.randint(4, 8))
    readings = []
    for moment in moments:
        flow = apartments * WATER_BY_HOUR[_local_hour(moment)] * rng.uniform(0.7, 1.3)
        if leak and moment >= leak_from:
            flow += leak
        index += flow * WATER_HOURS
        readings.append(
            {
                "device": ref,
                "observedAt": moment.isoformat(),
                "values": {"consumption": round(index, 3), "flow": round(flow, 4)},
            }
        )
    return readings


def _heat(
    rng: random.Random, ref: str, apartments: int, spike_day, moments: list, seed: int
) -> list[dict]:
    index = rng.uniform(100_000, 900_000)
    readings = []
    for moment in moments:
        cold = max(0.0, 18 - outdoor_temperature(moment, seed))
        power = apartments * HEAT_PER_DEGREE * cold * rng.uniform(0.92, 1.08)
        if local_date(moment) == spike_day:
            power *= 2.2  # a valve stuck open, windows left open in a cold snap…
        index += power * HEAT_HOURS
        values = {"thermalEnergy": round(index, 1), "thermalPower": round(power, 2)}
        # Temperatures for the last day only: they show the current state, and leaving
        # them out of the month before makes the demo load faster.
        if moments[-1] - moment < datetime.timedelta(days=1):
            supply = min(95.0, 45 + 2.2 * cold)
            values["flowTemperature"] = round(supply, 1)
            values["returnTemperature"] = round(supply - 12 - rng.uniform(0, 4), 1)
        readings.append({"device": ref, "observedAt": moment.isoformat(), "values": values})
    return readings


def _moments(now: datetime.datetime, days: int, hours: int) -> list[datetime.datetime]:
    count = days * 24 // hours
    return [now - datetime.timedelta(hours=hours * n) for n in range(count, -1, -1)]


def utilities_load(
    *,
    seed: int,
    buildings: int = 150,
    days: int = 30,
    now: datetime.datetime | None = None,
    gateway: Gateway | None = None,
    progress: Callable[[str], object] = print,
) -> int:
    """Register a water and a heat meter in each of `buildings` blocks, store `days` days
    of their readings, and make the leak and heat alert rules. Returns the number of
    blocks. Meters behind `gateway` (the demo's simulator) go on reporting after the load."""
    rng = random.Random(seed)
    now = (now or timezone.now()).replace(minute=0, second=0, microsecond=0)
    locate = locator()
    districts = {d.slug: d for d in District.objects.filter(slug__in=DISTRICTS)}
    shares = sum(DISTRICTS[slug] for slug in districts)
    plan = [(slug, round(buildings * DISTRICTS[slug] / shares)) for slug in sorted(districts)]
    total = sum(count for _slug, count in plan)
    leaking = set(rng.sample(range(total), max(1, total // 30)))
    spiking = set(rng.sample(range(total), max(1, total // 50)))
    yesterday = local_date(now) - datetime.timedelta(days=1)
    water_moments = _moments(now, days, WATER_HOURS)
    heat_moments = _moments(now, days, HEAT_HOURS)
    names: set[str] = set()
    items: list[dict] = []
    number = 0
    for slug, count in plan:
        for _n in range(count):
            lat, lon = _place(districts[slug], rng, locate)
            name = f"{rng.choice(STREETS)} {rng.randint(1, 160)}"
            while name in names:
                name = f"{rng.choice(STREETS)} {rng.randint(1, 160)}"
            names.add(name)
            apartments = rng.choice((20, 36, 40, 45, 60, 60, 80, 100, 120))
            attributes = {"building": name, "apartments": apartments}
            number += 1
            water = f"WM-{number:03d}"
            heat = f"HM-{number:03d}"
            for ref, kind in ((water, WATER), (heat, HEAT)):
                device_register(
                    ref=ref,
                    device_type=kind,
                    latitude=lat,
                    longitude=lon,
                    address=name,
                    attributes=attributes,
                    gateway=gateway,
                )
            leak = rng.uniform(0.05, 0.3) if number - 1 in leaking else 0.0
            spike = yesterday if number - 1 in spiking else None
            items += _water(rng, water, apartments, leak, water_moments)
            items += _heat(rng, heat, apartments, spike, heat_moments, seed)
            if len(items) >= BATCH:
                readings_ingest(items, credential=TRUSTED, now=now)
                items = []
        progress(f"  buildings with meters: {number}")
    readings_ingest(items, credential=TRUSTED, now=now)
    alert_rule_ensure(
        name="Suspiciune de scurgere de apă", kind="check", device_type=WATER, check_code=LEAK
    )
    alert_rule_ensure(
        name="Consum anormal de căldură",
        kind="check",
        device_type=HEAT,
        check_code=HEAT_ABNORMAL,
        severity="info",
    )
    return number
