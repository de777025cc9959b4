"""Reads of housing: blocks, the outages that reach them, heating, work items."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from smartcity.city.text import text_fold
from smartcity.housing.models import (
    ApartmentBlock,
    HeatingState,
    Outage,
    OutageSubscription,
    WorkItem,
)

_PREFIX = re.compile(r"^(str|strada|bd|bulevardul|ул|улица|бул|бульвар)\.?\s+")


def street_key(name: str) -> str:
    """A street's name folded for matching: "str. Independenței" → "independentei"."""
    return slugify(_PREFIX.sub("", text_fold(name.strip())))


def number_value(number: str) -> int | None:
    """The leading digits of a house number ("12" of "12/1", "12A"), or None."""
    found = re.match(r"\s*(\d{1,6})", number or "")
    return int(found.group(1)) if found else None


def blocks() -> QuerySet[ApartmentBlock]:
    return ApartmentBlock.objects.select_related("district", "manager")


def block_by_pk(pk: int) -> ApartmentBlock | None:
    return blocks().filter(pk=pk).first()


def blocks_search(text: str) -> QuerySet[ApartmentBlock]:
    """Blocks whose street contains the typed words (diacritics or not), and whose number
    starts with the typed number if one ends the text."""
    typed = text_fold(text or "").strip()
    found = re.search(r"\s(\d+)\s*$", typed)
    words = typed[: found.start()] if found else typed
    key = street_key(words)
    result = blocks()
    if key:
        result = result.filter(street_key__contains=key)
    if found:
        result = result.filter(number_value=int(found.group(1)))
    return result


def outage_reaches(outage: Outage, block: ApartmentBlock) -> bool:
    """Whether the outage covers the block: named among its buildings, or on its street
    within its number range (the whole street without a range)."""
    if outage.pk and outage.blocks.filter(pk=block.pk).exists():
        return True
    return _on_street_range(outage, block)


def _on_street_range(outage: Outage, block: ApartmentBlock) -> bool:
    if not outage.street_key or outage.street_key != block.street_key:
        return False
    if outage.number_from is not None and block.number_value < outage.number_from:
        return False
    return outage.number_to is None or block.number_value <= outage.number_to


def outage_blocks(outage: Outage) -> list[ApartmentBlock]:
    """Every block the outage reaches."""
    named = list(outage.blocks.all())
    on_street: list[ApartmentBlock] = []
    if outage.street_key:
        street = ApartmentBlock.objects.filter(street_key=outage.street_key)
        if outage.number_from is not None:
            street = street.filter(number_value__gte=outage.number_from)
        if outage.number_to is not None:
            street = street.filter(number_value__lte=outage.number_to)
        on_street = list(street)
    seen = {b.pk for b in named}
    return named + [b for b in on_street if b.pk not in seen]


def outages_of_block(block: ApartmentBlock) -> QuerySet[Outage]:
    """The block's outages, named or on its street range, latest first."""
    in_range = Q(street_key=block.street_key) & (
        Q(number_from__isnull=True) | Q(number_from__lte=block.number_value)
    )
    in_range &= Q(number_to__isnull=True) | Q(number_to__gte=block.number_value)
    return (
        Outage.objects.filter(Q(blocks=block) | in_range)
        .select_related("provider")
        .distinct()
        .order_by("-starts_at")
    )


def outages_now_and_next(*, now: datetime.datetime | None = None) -> QuerySet[Outage]:
    """Outages going on (started, not ended) and planned ones still to come."""
    now = now or timezone.now()
    return (
        Outage.objects.filter(Q(ended_at__isnull=True) | Q(ended_at__gt=now))
        .select_related("provider")
        .prefetch_related("blocks")
        .order_by("starts_at")
    )


def outage_phase(outage: Outage, now: datetime.datetime) -> str:
    """ "ended", "current" or "planned"."""
    if outage.ended_at is not None and outage.ended_at <= now:
        return "ended"
    return "current" if outage.starts_at <= now else "planned"


@dataclass(frozen=True)
class OutageCounts:
    current: int
    planned: int


def outage_counts(*, now: datetime.datetime) -> OutageCounts:
    open_outages = Outage.objects.filter(ended_at__isnull=True)
    return OutageCounts(
        current=open_outages.filter(starts_at__lte=now).count(),
        planned=open_outages.filter(starts_at__gt=now).count(),
    )


def outage_point(outage: Outage, reached: list[ApartmentBlock]) -> tuple[float, float] | None:
    """Where to show the outage: the middle of the blocks it reaches, or its street."""
    if reached:
        return (
            round(sum(b.latitude for b in reached) / len(reached), 6),
            round(sum(b.longitude for b in reached) / len(reached), 6),
        )
    if outage.street:
        from smartcity.city.selectors import street_search

        streets = street_search(outage.street, limit=1)
        if streets:
            return streets[0].latitude, streets[0].longitude
    return None


def outages_for_open_data() -> Iterator[dict]:
    """Every outage without who entered it: service, provider, where, when, why."""
    for outage in (
        Outage.objects.select_related("provider").prefetch_related("blocks").order_by("starts_at")
    ).iterator(chunk_size=500):
        reached = outage_blocks(outage)
        point = outage_point(outage, reached)
        yield {
            "id": outage.pk,
            "service": outage.utility,
            "kind": outage.kind,
            "provider": outage.provider.name,
            "street": outage.street,
            "number_from": outage.number_from,
            "number_to": outage.number_to,
            "buildings": "; ".join(b.address for b in reached),
            "starts_at": outage.starts_at,
            "expected_end_at": outage.expected_end_at,
            "ended_at": outage.ended_at,
            "reason": outage.reason,
            "latitude": point[0] if point else None,
            "longitude": point[1] if point else None,
        }


def outages_count() -> int:
    return Outage.objects.count()


def outage_latest_change() -> datetime.datetime | None:
    latest = Outage.objects.order_by("-created_at").values_list("created_at", flat=True).first()
    ended = (
        Outage.objects.filter(ended_at__isnull=False)
        .order_by("-ended_at")
        .values_list("ended_at", flat=True)
        .first()
    )
    return max((t for t in (latest, ended) if t is not None), default=None)


def heating_state_of(
    block: ApartmentBlock, *, today: datetime.date | None = None
) -> HeatingState | None:
    """The block's heating on `today`: the latest state begun by then and not over."""
    today = today or timezone.localdate()
    state = (
        HeatingState.objects.filter(block=block, since__lte=today)
        .order_by("-since", "-recorded_at")
        .first()
    )
    if state is None or (state.until is not None and state.until < today):
        return None
    return state


def heating_states_today(*, now: datetime.datetime) -> dict[int, HeatingState | None]:
    """Each block's heating state today, by block id (one query)."""
    today = timezone.localdate(now)
    states: dict[int, HeatingState | None] = {}
    for state in HeatingState.objects.filter(since__lte=today).order_by(
        "block_id", "-since", "-recorded_at"
    ):
        if state.block_id in states:
            continue
        states[state.block_id] = None if state.until is not None and state.until < today else state
    return states


def subscriptions_reached(outage: Outage) -> list[OutageSubscription]:
    """Confirmed subscriptions to a block the outage reaches or to its street(s)."""
    reached = outage_blocks(outage)
    streets = {b.street_key for b in reached}
    if outage.street_key:
        streets.add(outage.street_key)
    return list(
        OutageSubscription.objects.filter(confirmed_at__isnull=False)
        .filter(
            Q(block__in=[b.pk for b in reached]) | Q(block__isnull=True, street_key__in=streets)
        )
        .order_by("pk")
    )


def work_items_queue(*, status: str = "") -> QuerySet[WorkItem]:
    items = WorkItem.objects.select_related("block", "manager").order_by("status", "-created_at")
    if status in WorkItem.Status.values:
        items = items.filter(status=status)
    else:
        items = items.exclude(status=WorkItem.Status.DONE)
    return items
