"""Writes of housing: outages (by hand or from a CSV file), subscriptions, heating
states and the managers' work items. Each function runs in one transaction."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartcity.housing import notices, selectors
from smartcity.housing.models import (
    ApartmentBlock,
    BlockManager,
    HeatingState,
    Outage,
    OutageSubscription,
    UtilityProvider,
    WorkItem,
)
from smartcity.utilities.selectors import building_key

# An outage longer than this is a typing mistake, not an outage (a month and a half:
# the longest summer stop of hot water for repairs is some weeks).
LONGEST = datetime.timedelta(days=45)


@dataclass
class OutageEntry:
    """An outage as staff or a CSV row give it, before it is checked."""

    utility: str
    kind: str
    provider: UtilityProvider
    starts_at: datetime.datetime
    expected_end_at: datetime.datetime
    reason: str
    street: str = ""
    number_from: int | None = None
    number_to: int | None = None
    blocks: list[ApartmentBlock] = field(default_factory=list)
    ended_at: datetime.datetime | None = None


def outage_validate(entry: OutageEntry) -> None:
    """Raise ValidationError with every problem of the entry (in the user's language)."""
    problems = []
    if entry.utility not in entry.provider.utilities:
        problems.append(
            _("%(provider)s does not provide this service.") % {"provider": entry.provider.name}
        )
    if not entry.street.strip() and not entry.blocks:
        problems.append(_("Give a street (with a number range or not) or some buildings."))
    if (entry.number_from is not None or entry.number_to is not None) and not entry.street.strip():
        problems.append(_("A number range needs its street."))
    if (
        entry.number_from is not None
        and entry.number_to is not None
        and entry.number_from > entry.number_to
    ):
        problems.append(_("The first number of the range is above the last."))
    if entry.expected_end_at <= entry.starts_at:
        problems.append(_("The expected end must come after the start."))
    elif entry.expected_end_at - entry.starts_at > LONGEST:
        problems.append(_("An outage cannot last more than 45 days; check the dates."))
    if entry.ended_at is not None and entry.ended_at < entry.starts_at:
        problems.append(_("The actual end cannot come before the start."))
    if not entry.reason.strip():
        problems.append(_("Say why the service stops."))
    if problems:
        raise ValidationError(problems)


def _outage_write(outage: Outage, entry: OutageEntry) -> Outage:
    outage.utility = entry.utility
    outage.kind = entry.kind
    outage.provider = entry.provider
    outage.street = entry.street.strip()
    outage.street_key = selectors.street_key(entry.street) if entry.street.strip() else ""
    outage.number_from = entry.number_from
    outage.number_to = entry.number_to
    outage.starts_at = entry.starts_at
    outage.expected_end_at = entry.expected_end_at
    outage.ended_at = entry.ended_at
    outage.reason = entry.reason.strip()
    outage.save()
    outage.blocks.set(entry.blocks)
    return outage


def outage_save(
    *,
    entry: OutageEntry,
    outage: Outage | None = None,
    entered_by=None,  # noqa: ANN001 - a Django user
    illustrative: bool = False,
) -> Outage:
    """Create (or, given `outage`, change) an outage after checking it; its subscribers
    hear of it from the next round of notices (`notices.outage_notices_send`)."""
    outage_validate(entry)
    with transaction.atomic():
        if outage is None:
            outage = Outage(
                created_at=timezone.now(), entered_by=entered_by, is_illustrative=illustrative
            )
        outage = _outage_write(outage, entry)
        pk = outage.pk
        transaction.on_commit(lambda: _notices_enqueue(pk))
    return outage


def _notices_enqueue(outage_id: int) -> None:
    from smartcity.housing import tasks

    tasks.outage_notices_send_one.enqueue(outage_id)


def outage_end(*, outage: Outage, ended_at: datetime.datetime | None = None) -> Outage:
    """Record that the service is back; the subscribers are told."""
    ended_at = ended_at or timezone.now()
    if ended_at < outage.starts_at:
        raise ValidationError(_("The actual end cannot come before the start."))
    with transaction.atomic():
        outage.ended_at = ended_at
        outage.save(update_fields=["ended_at"])
        pk = outage.pk
        transaction.on_commit(lambda: _notices_enqueue(pk))
    return outage


def outages_import(*, entries: list[OutageEntry], entered_by=None) -> list[Outage]:  # noqa: ANN001
    """Save checked entries all together, or none."""
    with transaction.atomic():
        return [outage_save(entry=e, entered_by=entered_by) for e in entries]


# --- blocks --------------------------------------------------------------------------


def block_save(
    *,
    street: str,
    number: str,
    latitude: float,
    longitude: float,
    floors: int,
    apartments: int,
    district=None,  # noqa: ANN001 - a District or None
    year_built: int | None = None,
    heating: str = ApartmentBlock.Heating.DISTRICT,
    manager: BlockManager | None = None,
    illustrative: bool = False,
) -> ApartmentBlock:
    """Create or update the block at this address (street and number)."""
    value = selectors.number_value(number)
    if value is None or not selectors.street_key(street):
        raise ValidationError(_("An address needs a street and a number."))
    block, _created = ApartmentBlock.objects.update_or_create(
        street_key=selectors.street_key(street),
        number=number.strip(),
        defaults={
            "street": street.strip(),
            "number_value": value,
            "address_key": building_key(f"{street.strip()} {number.strip()}"),
            "district": district,
            "latitude": latitude,
            "longitude": longitude,
            "floors": floors,
            "apartments": apartments,
            "year_built": year_built,
            "heating": heating,
            "manager": manager,
            "is_illustrative": illustrative,
        },
    )
    return block


def block_keys_fill(block: ApartmentBlock) -> None:
    """Set the block's matching keys from its street and number (before a save)."""
    block.street_key = selectors.street_key(block.street)
    block.number_value = selectors.number_value(block.number) or 0
    block.address_key = building_key(f"{block.street.strip()} {block.number.strip()}")


# --- subscriptions -------------------------------------------------------------------


def subscription_create(
    *, email: str, language: str, block: ApartmentBlock | None = None, street: str = ""
) -> OutageSubscription:
    """Register a wish to hear of outages at a block or on a street, and email the link
    that confirms it; nothing else reaches the address before it is followed."""
    if block is None and not selectors.street_key(street):
        raise ValidationError(_("Choose a building or a street."))
    # Asking twice is one subscription: a second confirmation link if still unconfirmed.
    earlier = OutageSubscription.objects.filter(
        email__iexact=email.strip(),
        block=block,
        street_key="" if block else selectors.street_key(street),
    ).first()
    if earlier is not None:
        if earlier.confirmed_at is None:
            notices.subscription_confirmation_send(subscription_id=earlier.pk)
        return earlier
    with transaction.atomic():
        subscription = OutageSubscription.objects.create(
            email=email.strip(),
            language=language,
            block=block,
            street="" if block else street.strip(),
            street_key="" if block else selectors.street_key(street),
            token=secrets.token_urlsafe(32),
            created_at=timezone.now(),
        )
        pk = subscription.pk
        transaction.on_commit(lambda: notices.subscription_confirmation_send(subscription_id=pk))
    return subscription


def subscription_confirm(*, token: str) -> OutageSubscription | None:
    subscription = OutageSubscription.objects.filter(token=token).first()
    if subscription is not None and subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


def subscription_cancel(*, token: str) -> bool:
    deleted, _count = OutageSubscription.objects.filter(token=token).delete()
    return bool(deleted)


# --- heating -------------------------------------------------------------------------


def heating_state_set(
    *,
    block: ApartmentBlock,
    state: str,
    since: datetime.date,
    until: datetime.date | None = None,
    note: str = "",
) -> HeatingState:
    """Record the block's heating from `since` on (until the next state or `until`)."""
    if state not in HeatingState.State.values:
        raise ValidationError(_("Unknown heating state."))
    if until is not None and until < since:
        raise ValidationError(_("The last day cannot come before the first."))
    return HeatingState.objects.create(
        block=block,
        state=state,
        since=since,
        until=until,
        note=note.strip(),
        recorded_at=timezone.now(),
    )


# --- work items ----------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """A meter's suspicion as the utilities' hub sees it, for one block."""

    kind: str
    meter_ref: str
    building_key: str
    first_seen: datetime.date
    last_seen: datetime.date
    details: str


def work_item_open(*, finding: Finding) -> WorkItem | None:
    """Open a work item for the manager of the finding's block, once per suspicion.

    A suspicion is one while it is seen day after day (a leak night after night, heat
    day after day): a finding whose days start at most a day after an item's last seen
    day continues that item (open or done), which then only moves its last seen day on.
    Returns the new item, or None (no such block, or the suspicion already has one)."""
    block = ApartmentBlock.objects.filter(address_key=finding.building_key).first()
    if block is None:
        return None
    with transaction.atomic():
        earlier = (
            WorkItem.objects.select_for_update()
            .filter(kind=finding.kind, meter_ref=finding.meter_ref)
            .filter(last_seen__gte=finding.first_seen - datetime.timedelta(days=1))
            .filter(first_seen__lte=finding.last_seen)
            .order_by("-last_seen")
            .first()
        )
        if earlier is not None:
            if finding.last_seen > earlier.last_seen:
                earlier.last_seen = finding.last_seen
                earlier.save(update_fields=["last_seen"])
            return None
        try:
            with transaction.atomic():
                return WorkItem.objects.create(
                    block=block,
                    manager=block.manager,
                    kind=finding.kind,
                    meter_ref=finding.meter_ref,
                    first_seen=finding.first_seen,
                    last_seen=finding.last_seen,
                    details=finding.details[:500],
                    created_at=timezone.now(),
                )
        except IntegrityError:
            return None  # another worker opened it a moment ago


def work_item_update(*, item: WorkItem, status: str, note: str = "") -> WorkItem:
    if status not in WorkItem.Status.values:
        raise ValidationError(_("Unknown status."))
    item.status = status
    item.note = note.strip()[:500]
    item.closed_at = timezone.now() if status == WorkItem.Status.DONE else None
    item.save(update_fields=["status", "note", "closed_at"])
    return item
