"""Demo waste containers for Bălți, with the last days of their fill-level readings.

Containers stand in the residential districts, more where more people live. Each fills
at its own pace and is emptied at about 07:00 on its district's collection days; a few
were missed at the last round and overflow, so the map, the collection lists and the
overflow alerts have something to show. Deterministic for a seed (times are counted
back from `now`).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable

from django.utils import timezone
from shapely.geometry import shape

from smartcity.city.models import District
from smartcity.city.selectors import locator
from smartcity.devices.ingest import TRUSTED, readings_ingest
from smartcity.devices.models import Gateway
from smartcity.devices.services import alert_rule_ensure, device_register
from smartcity.waste.checks import OVERFLOW
from smartcity.waste.selectors import CONTAINER, FILL, local_date, local_day_start

# District slug: (share of the containers, collection days as ISO weekdays).
DISTRICTS = {
    "dacia": (18, [1, 3, 5]),
    "baltiul-nou": (14, [2, 4, 6]),
    "molodova": (12, [1, 3, 5]),
    "pamanteni": (12, [2, 4, 6]),
    "cartierul-8": (12, [1, 3, 5]),
    "slobozia": (10, [2, 4, 6]),
    "autogara": (10, [1, 3, 5]),
    "centru": (8, [1, 2, 3, 4, 5, 6]),
    "elizaveta": (2, [3]),
    "sadovoe": (2, [3]),
}
# Streets of Bălți for the containers' addresses (the numbers are made up).
STREETS = (
    "str. Ștefan cel Mare",
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
)
READING_HOURS = 3
BATCH = 4000
RULE_NAME = "Container de deșeuri plin peste capacitate"


def _place(district: District, rng: random.Random, locate: Callable) -> tuple[float, float]:
    west, south, east, north = shape(district.boundary).bounds
    for _attempt in range(1000):
        lat = rng.uniform(south, north)
        lon = rng.uniform(west, east)
        place = locate(lat, lon)
        if place.district is not None and place.district.pk == district.pk:
            return round(lat, 6), round(lon, 6)
    raise ValueError(f"no point found inside {district.slug}")


def _levels(
    rng: random.Random, days: list[int], start: datetime.datetime, now: datetime.datetime
) -> list[tuple[datetime.datetime, float]]:
    """A container's fill level every few hours: it rises at its own rate, with noise,
    and falls to nearly nothing when emptied (unless the last round missed it)."""
    rate = rng.uniform(0.06, 0.28)  # of the volume per day
    missed = rng.random() < 0.05
    level = rng.uniform(0.0, 0.5)
    readings = []
    moment = start
    last_round = None
    step = datetime.timedelta(hours=READING_HOURS)
    while moment <= now:
        day = local_date(moment)
        emptied_at = local_day_start(day) + datetime.timedelta(hours=7)
        if (
            day.isoweekday() in days
            and last_round != day
            and moment >= emptied_at
            and not (missed and now - moment < datetime.timedelta(days=2))
        ):
            level = rng.uniform(0.0, 0.05)
            last_round = day
        readings.append((moment, round(min(1.5, max(0.0, level + rng.gauss(0, 0.01))), 3)))
        level += rate * READING_HOURS / 24
        moment += step
    return readings


def waste_load(
    *,
    seed: int,
    containers: int = 500,
    days: int = 10,
    now: datetime.datetime | None = None,
    gateway: Gateway | None = None,
    progress: Callable[[str], object] = print,
) -> int:
    """Register demo containers and store their readings of the last `days` days; make
    the overflow alert rule (which opens a "container-overflow" report). Returns how many
    containers were registered. Containers behind `gateway` (the demo's simulator) go on
    reporting after the load."""
    rng = random.Random(seed)
    now = (now or timezone.now()).replace(minute=0, second=0, microsecond=0)
    locate = locator()
    districts = {d.slug: d for d in District.objects.filter(slug__in=DISTRICTS)}
    shares = sum(DISTRICTS[slug][0] for slug in districts)
    # Readings every few hours, the last one now.
    start = now - datetime.timedelta(days=days)
    items: list[dict] = []
    made = 0
    for slug, district in sorted(districts.items()):
        share, collection = DISTRICTS[slug]
        for number in range(1, round(containers * share / shares) + 1):
            lat, lon = _place(district, rng, locate)
            ref = f"WC-{slug.upper()}-{number:03d}"
            device_register(
                ref=ref,
                device_type=CONTAINER,
                latitude=lat,
                longitude=lon,
                address=f"{rng.choice(STREETS)} {rng.randint(1, 140)}",
                gateway=gateway,
                attributes={
                    "containerCapacity": rng.choice((1100, 1100, 770, 240)),
                    # Answers the "container-overflow" report's question of the same code.
                    "container_type": rng.choice(("mixed", "mixed", "mixed", "plastic", "glass")),
                    "collectionDays": collection,
                },
            )
            made += 1
            items += [
                {"device": ref, "observedAt": moment.isoformat(), "values": {FILL: level}}
                for moment, level in _levels(rng, collection, start, now)
            ]
        progress(f"  waste containers: {made}")
    for first in range(0, len(items), BATCH):
        readings_ingest(items[first : first + BATCH], credential=TRUSTED, now=now)
    progress(f"  fill-level readings: {len(items)}")
    alert_rule_ensure(
        name=RULE_NAME,
        kind="check",
        device_type=CONTAINER,
        check_code=OVERFLOW,
        service_category_code="container-overflow",
    )
    return made
