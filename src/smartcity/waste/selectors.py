"""Reads about waste containers: fill levels, fill rates, what is due for collection.

All data comes from the urban data hub (`devices`): a container is a `WasteContainer`
device whose `fillingLevel` is the share of its volume in use (1 is full to the brim).
"""

from __future__ import annotations

import datetime
import statistics
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from smartcity.city.models import District
from smartcity.devices.models import Device
from smartcity.devices.selectors import aggregates, devices_filter, with_states
from smartcity.waste.routes import route_plan

CONTAINER = "WasteContainer"
FILL = "fillingLevel"
# A container this full goes on the collection list.
DUE_THRESHOLD = 0.8
# At or above this the container overflows (waste next to it): an alert.
OVERFLOW_LEVEL = 1.0
# The fill rate is read from this many full days before today.
RATE_DAYS = 7
# ISO weekdays (Monday is 1) on which a container is emptied, unless its
# `collectionDays` attribute says otherwise.
DEFAULT_COLLECTION_DAYS = (1, 3, 5)
# A day whose lowest level is this much under the day before's was a day of emptying.
EMPTYING_DROP = 0.05


@dataclass(frozen=True)
class Depot:
    name: str
    latitude: float
    longitude: float


# Where the collection trucks start and end. An approximate point in the northern
# industrial area; the city sets the real one here.
DEPOT = Depot("Baza Î.M. Servicii de Salubrizare", 47.7885, 27.9265)


def _zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def local_date(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(_zone()).date()


def local_day_start(day: datetime.date) -> datetime.datetime:
    """The start of a local day in UTC, as the hub keys its daily aggregates."""
    return datetime.datetime.combine(day, datetime.time(), _zone()).astimezone(datetime.UTC)


def collection_days(device: Device) -> tuple[int, ...]:
    days = device.attributes.get("collectionDays") if device.attributes else None
    if isinstance(days, list) and days and all(isinstance(d, int) and 1 <= d <= 7 for d in days):
        return tuple(sorted(set(days)))
    return DEFAULT_COLLECTION_DAYS


def next_collection(after: datetime.date, days: Iterable[int]) -> datetime.date:
    """The first collection day strictly after `after`."""
    weekdays = set(days)
    for ahead in range(1, 8):
        day = after + datetime.timedelta(days=ahead)
        if day.isoweekday() in weekdays:
            return day
    raise ValueError("no collection day in the week")


@dataclass(frozen=True)
class Container:
    device: Device
    level: float | None
    observed_at: datetime.datetime | None
    rate_per_day: float | None  # how much the level rises in a day, when known

    @property
    def percent(self) -> int | None:
        return None if self.level is None else round(self.level * 100)

    @property
    def band(self) -> str:
        """The colour class of the map: low, half, full, over or unknown."""
        if self.level is None:
            return "unknown"
        if self.level >= OVERFLOW_LEVEL:
            return "over"
        if self.level >= DUE_THRESHOLD:
            return "full"
        return "half" if self.level >= 0.5 else "low"


def fill_rates(
    device_ids: Iterable[int], *, now: datetime.datetime, days: int = RATE_DAYS
) -> dict[int, float]:
    """How much each container's level rises per day, from the daily aggregates.

    A day counts when it was not a day of emptying (its lowest level did not fall below
    the day before's lowest): its rise is its highest minus its lowest level, stretched
    from the time its readings span to a whole day (readings are taken at even intervals,
    so `count` readings span (count − 1)/count of the day). The rate is the median of
    those rises over the last `days` full days; a container with fewer than two such days
    has no rate.
    """
    today = local_date(now)
    found = aggregates(
        device_ids,
        FILL,
        period="d",
        start=local_day_start(today - datetime.timedelta(days=days + 1)),
        end=local_day_start(today),
    )
    rates = {}
    for device_id, series in found.items():
        rises = []
        for before, day in zip(series, series[1:], strict=False):
            if day.count < 2 or day.minimum < before.minimum - EMPTYING_DROP:
                continue
            rises.append((day.maximum - day.minimum) * day.count / (day.count - 1))
        if len(rises) >= 2:
            rates[device_id] = statistics.median(rises)
    return rates


def containers(
    *, district_slug: str | None = None, now: datetime.datetime | None = None
) -> list[Container]:
    """Active waste containers (of one district) with their level and fill rate."""
    now = now or timezone.now()
    views = with_states(
        devices_filter(device_type=CONTAINER, district_slug=district_slug), quantities=[FILL]
    )
    rates = fill_rates([v.device.pk for v in views], now=now)
    found = []
    for view in views:
        state = view.states.get(FILL)
        found.append(
            Container(
                device=view.device,
                level=state.value if state else None,
                observed_at=state.observed_at if state else None,
                rate_per_day=rates.get(view.device.pk),
            )
        )
    return found


@dataclass(frozen=True)
class Due:
    container: Container
    next_collection: datetime.date
    predicted: float  # the level expected on the next collection day after today
    reason: str  # "full" (at the threshold now) or "predicted" (will pass it before)


def due_for_collection(
    items: Iterable[Container], *, now: datetime.datetime, threshold: float = DUE_THRESHOLD
) -> list[Due]:
    """Containers to empty today: at `threshold` now, or expected to pass it before their
    next collection day after today (at their fill rate), fullest first."""
    today = local_date(now)
    due = []
    for item in items:
        if item.level is None:
            continue
        following = next_collection(today, collection_days(item.device))
        rise = (item.rate_per_day or 0.0) * (following - today).days
        predicted = item.level + rise
        if item.level >= threshold:
            due.append(Due(item, following, predicted, "full"))
        elif predicted >= threshold:
            due.append(Due(item, following, predicted, "predicted"))
    # A container without a level is never due: the `or` only satisfies the type.
    due.sort(key=lambda d: (-(d.container.level or 0.0), d.container.device.ref))
    return due


@dataclass(frozen=True)
class Stop:
    number: int
    due: Due
    leg_m: float  # from the previous stop (or the depot)


@dataclass(frozen=True)
class CollectionList:
    district: District
    threshold: float
    depot: Depot
    stops: list[Stop]
    length_m: float
    return_m: float  # from the last stop back to the depot
    containers: int  # all containers of the district

    @property
    def length_km(self) -> float:
        return self.length_m / 1000


def district_by_slug(slug: str) -> District | None:
    return District.objects.filter(slug=slug).first()


def collection_list(
    *,
    district: District,
    now: datetime.datetime | None = None,
    threshold: float = DUE_THRESHOLD,
    depot: Depot = DEPOT,
) -> CollectionList:
    """The containers of a district due today, in the order of a short round trip from
    the depot (see `routes`), with the length of each leg and of the whole route."""
    now = now or timezone.now()
    items = containers(district_slug=district.slug, now=now)
    due = due_for_collection(items, now=now, threshold=threshold)
    route = route_plan(
        (depot.latitude, depot.longitude),
        [(d.container.device.latitude, d.container.device.longitude) for d in due],
    )
    stops = [
        Stop(number, due[index], route.legs_m[number - 1])
        for number, index in enumerate(route.order, start=1)
    ]
    return CollectionList(
        district=district,
        threshold=threshold,
        depot=depot,
        stops=stops,
        length_m=route.length_m,
        return_m=route.legs_m[-1] if stops else 0.0,
        containers=len(items),
    )


@dataclass(frozen=True)
class DistrictSummary:
    district: District
    containers: int
    mean_percent: int | None
    due: int
    overflowing: int


def district_summaries(
    *, now: datetime.datetime | None = None, threshold: float = DUE_THRESHOLD
) -> list[DistrictSummary]:
    """Per district with containers: how many, how full on average, how many due today
    and how many overflowing."""
    now = now or timezone.now()
    by_district: dict[int, list[Container]] = {}
    for item in containers(now=now):
        if item.device.district_id is not None:
            by_district.setdefault(item.device.district_id, []).append(item)
    summaries = []
    for district in District.objects.filter(pk__in=by_district).order_by("name"):
        items = by_district[district.pk]
        levels = [i.level for i in items if i.level is not None]
        summaries.append(
            DistrictSummary(
                district=district,
                containers=len(items),
                mean_percent=round(statistics.fmean(levels) * 100) if levels else None,
                due=len(due_for_collection(items, now=now, threshold=threshold)),
                overflowing=sum(1 for v in levels if v >= OVERFLOW_LEVEL),
            )
        )
    return summaries


def containers_for_open_data(*, chunk_size: int = 2000) -> Iterator[dict]:
    """Every active container with its capacity and latest fill level, a chunk at a time."""
    ids = list(devices_filter(device_type=CONTAINER).values_list("pk", flat=True))
    for first in range(0, len(ids), chunk_size):
        chunk = devices_filter(device_type=CONTAINER).filter(pk__in=ids[first : first + chunk_size])
        for view in with_states(chunk, quantities=[FILL]):
            device = view.device
            state = view.states.get(FILL)
            capacity = (device.attributes or {}).get("containerCapacity")
            yield {
                "id": device.ref,
                "district": device.district.name if device.district else "",
                "address": device.address,
                "latitude": device.latitude,
                "longitude": device.longitude,
                "capacity_l": capacity if isinstance(capacity, int | float) else None,
                "fill_percent": round(state.value * 100) if state else None,
                "observed_at": state.observed_at if state else None,
            }


def containers_count() -> int:
    return devices_filter(device_type=CONTAINER).count()


@dataclass(frozen=True)
class WasteToday:
    containers: int
    reporting: int
    due: int
    overflowing: int


def waste_today(*, now: datetime.datetime | None = None) -> WasteToday:
    """All containers, those with a level, those due for collection today, overflowing."""
    now = now or timezone.now()
    items = containers(now=now)
    levels = [i.level for i in items if i.level is not None]
    return WasteToday(
        containers=len(items),
        reporting=len(levels),
        due=len(due_for_collection(items, now=now)),
        overflowing=sum(1 for v in levels if v >= OVERFLOW_LEVEL),
    )
