"""Demo housing of Bălți, illustrative: blocks, their managers, outages, heating.

The blocks are those of the demo's building meters (utilities.demo: real streets of
Bălți, made-up numbers), so the meters' leak and heat suspicions become work items of
their managers; without meters, blocks are placed on the shipped streets. Managers'
names, the blocks' details and the outages are made up and flagged illustrative; the
providers are the city's real ones: S.A. „Apă-Canal Bălți”, S.A. „Termogaz-Bălți” and
S.A. „RED Nord” (electricity distribution in the north of Moldova).
Deterministic for a seed (times are counted from `now`).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from smartcity.city.models import Department, District
from smartcity.city.selectors import locator, street_search
from smartcity.housing import services, suspicions
from smartcity.housing.models import (
    ApartmentBlock,
    BlockManager,
    HeatingState,
    Outage,
    Utility,
    UtilityProvider,
)
from smartcity.utilities.selectors import buildings as metered_buildings
from smartcity.utilities.selectors import buildings_with_suspicions

BLOCKS = 40
PROVIDERS = (
    # name, services, department slug
    ("S.A. Apă-Canal Bălți", [Utility.WATER, Utility.SEWAGE], "apa-canal"),
    ("S.A. Termogaz-Bălți", [Utility.HEATING], "termoficare"),
    ("S.A. RED Nord", [Utility.ELECTRICITY], None),
)
MANAGERS = (
    ("Î.M. Gestionarea Fondului Locativ Bălți", BlockManager.Kind.MUNICIPAL, "locativ"),
    ("Asociația de Proprietari „Dacia-7”", BlockManager.Kind.OWNERS_ASSOCIATION, None),
    ("Asociația de Proprietari „Bălțiul Nou”", BlockManager.Kind.OWNERS_ASSOCIATION, None),
    ("APC „Molodova-3”", BlockManager.Kind.OWNERS_ASSOCIATION, None),
    ("Condominiul „Victoriei 22”", BlockManager.Kind.CONDOMINIUM, None),
    ("Condominiul „Independenței”", BlockManager.Kind.CONDOMINIUM, None),
)
# Streets from the city's shipped list, for blocks when there are no meters.
STREETS = ("str. Decebal", "str. Independenței", "bd. Victoriei", "str. Kiev", "str. Pușkin")


def housing_loaded() -> bool:
    return ApartmentBlock.objects.filter(is_illustrative=True).exists()


def _providers() -> dict[str, UtilityProvider]:
    departments = {d.slug: d for d in Department.objects.all()}
    found: dict[str, UtilityProvider] = {}
    for name, utilities, slug in PROVIDERS:
        provider, _created = UtilityProvider.objects.update_or_create(
            name=name,
            defaults={"utilities": list(utilities), "department": departments.get(slug or "")},
        )
        found[utilities[0]] = provider
    found[Utility.SEWAGE] = found[Utility.WATER]
    return found


def _managers(rng: random.Random) -> list[BlockManager]:
    departments = {d.slug: d for d in Department.objects.all()}
    managers = []
    for name, kind, slug in MANAGERS:
        manager, _created = BlockManager.objects.update_or_create(
            name=name,
            defaults={
                "kind": kind,
                "phone": f"(0231) {rng.randint(2, 9)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
                "email": "",
                "department": departments.get(slug or ""),
                "is_illustrative": True,
            },
        )
        managers.append(manager)
    return managers


def _addresses(
    rng: random.Random, now: datetime.datetime
) -> list[tuple[str, str, float, float, District | None]]:
    """(street, number, latitude, longitude, district) of the demo's blocks: the metered
    blocks the hub suspects first, so their managers have work to show."""
    suspected = {s.building.key for s in buildings_with_suspicions(now=now)}
    metered = sorted(metered_buildings(), key=lambda b: b.key not in suspected)
    found = []
    for building in metered[:BLOCKS]:
        street, _space, number = building.name.rpartition(" ")
        meter = building.meters[0]
        found.append((street, number, meter.latitude, meter.longitude, meter.district))
    locate = locator()
    numbers = iter(range(2, 400, 2))
    while len(found) < BLOCKS:
        street = STREETS[len(found) % len(STREETS)]
        point = street_search(street, limit=1)[0]
        lat = round(point.latitude + rng.uniform(-0.002, 0.002), 6)
        lon = round(point.longitude + rng.uniform(-0.002, 0.002), 6)
        found.append((street, str(next(numbers)), lat, lon, locate(lat, lon).district))
    return found


def _season_start(today: datetime.date) -> datetime.date:
    # Bălți switches district heating on in the second half of October.
    year = today.year if today.month >= 10 else today.year - 1
    return datetime.date(year, 10, 20)


@transaction.atomic
def housing_load(
    *,
    seed: int,
    now: datetime.datetime | None = None,
    progress: Callable[[str], object] = print,
) -> int:
    """Blocks, managers, providers, a few outages (past, current, planned) and the
    heating season; then the work items of the meters' suspicions. Returns the blocks."""
    rng = random.Random(seed)
    now = (now or timezone.now()).replace(second=0, microsecond=0)
    providers = _providers()
    managers = _managers(rng)
    blocks = []
    for street, number, lat, lon, district in _addresses(rng, now):
        floors = rng.choice((5, 5, 9, 9, 9, 10, 12))
        blocks.append(
            services.block_save(
                street=street,
                number=number,
                latitude=lat,
                longitude=lon,
                district=district,
                floors=floors,
                apartments=floors * rng.choice((4, 6, 8)) * rng.choice((1, 2, 3)),
                year_built=rng.randint(1962, 1992),
                heating=rng.choice([ApartmentBlock.Heating.DISTRICT] * 5 + ["individual"]),
                manager=rng.choice(managers),
                illustrative=True,
            )
        )
    progress(f"  apartment blocks: {len(blocks)}")
    _outages_load(rng, now, providers, blocks)
    _heating_load(rng, now, blocks)
    opened = suspicions.work_items_open_all(now=now)
    progress(f"  outages: {Outage.objects.count()}, work items from the meters: {opened}")
    return len(blocks)


def _outages_load(
    rng: random.Random, now: datetime.datetime, providers: dict, blocks: list[ApartmentBlock]
) -> None:
    hour = datetime.timedelta(hours=1)
    day = datetime.timedelta(days=1)
    first = blocks[0]
    plans = [
        # utility, kind, street block, numbers?, named blocks, start, expected, ended, reason
        (
            Utility.WATER,
            "planned",
            first,
            True,
            [],
            now + day,
            now + day + 8 * hour,
            None,
            "Înlocuirea vanelor pe rețeaua de distribuție (ilustrativ)",
        ),
        (
            Utility.HEATING,
            "emergency",
            None,
            False,
            blocks[3:6],
            now - 3 * hour,
            now + 5 * hour,
            None,
            "Avarie pe conducta de distribuție (ilustrativ)",
        ),
        (
            Utility.ELECTRICITY,
            "planned",
            blocks[7],
            False,
            [],
            now + 3 * day,
            now + 3 * day + 6 * hour,
            None,
            "Lucrări la postul de transformare (ilustrativ)",
        ),
        (
            Utility.ELECTRICITY,
            "emergency",
            blocks[10],
            True,
            [],
            now - 4 * day,
            now - 4 * day + 4 * hour,
            now - 4 * day + 3 * hour,
            "Cablu deteriorat (ilustrativ)",
        ),
        (
            Utility.SEWAGE,
            "planned",
            None,
            False,
            blocks[12:14],
            now - 2 * day,
            now - 2 * day + 6 * hour,
            now - 2 * day + 7 * hour,
            "Curățarea colectorului (ilustrativ)",
        ),
        (
            Utility.WATER,
            "emergency",
            blocks[15],
            True,
            [],
            now - hour,
            now + 4 * hour,
            None,
            "Avarie pe rețeaua de apeduct (ilustrativ)",
        ),
    ]
    for utility, kind, on, numbers, named, start, expected, ended, reason in plans:
        services.outage_save(
            entry=services.OutageEntry(
                utility=utility,
                kind=kind,
                provider=providers[utility],
                street=on.street if on else "",
                number_from=max(0, on.number_value - 10) if on and numbers else None,
                number_to=on.number_value + 10 if on and numbers else None,
                blocks=named,
                starts_at=start,
                expected_end_at=expected,
                ended_at=ended,
                reason=reason,
            ),
            illustrative=True,
        )


def _heating_load(rng: random.Random, now: datetime.datetime, blocks: list) -> None:
    today = timezone.localdate(now)
    start = _season_start(today)
    for block in blocks:
        if block.heating != ApartmentBlock.Heating.DISTRICT:
            continue
        state: str = HeatingState.State.OFF
        if start <= today - datetime.timedelta(days=1):
            state = rng.choice(["on"] * 8 + ["partial"])
        services.heating_state_set(
            block=block,
            state=state,
            since=start if state != "off" else today - datetime.timedelta(days=180),
            note="" if state == "on" else "Racordare parțială (ilustrativ)",
        )
