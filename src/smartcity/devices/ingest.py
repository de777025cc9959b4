"""The ingestion path shared by MQTT and HTTP: identify, validate, store once.

A reading is one message from one device at one time with one or more values:

    {"device": "SL-0001", "observedAt": "2026-11-29T18:00:00Z",
     "values": {"powerState": "on", "activePower": {"value": 61.5, "unitCode": "WTT"}}}

A reading is stored whole or not at all: one bad value refuses the reading, with the
reason counted for the device. Storage is idempotent (see `storage`), so a message
delivered twice by MQTT's at-least-once guarantee is stored once.
"""

from __future__ import annotations

import datetime
import hashlib
import math
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypedDict

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from smartcity.devices import storage
from smartcity.devices.models import Device, Gateway, RejectedReadings
from smartcity.devices.types import DEVICE_TYPES, DeviceType, Quantity

Reason = RejectedReadings.Reason


class ReadingMessage(TypedDict):
    """A reading as the module docstring shows it, for code that builds one. What arrives
    from devices is checked field by field (`readings_validate` takes any object), never
    assumed to have this shape."""

    device: str
    observedAt: str
    values: dict[str, object]


# Device clocks drift; a reading a little ahead of ours is not from the future.
CLOCK_SKEW = datetime.timedelta(minutes=5)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class KnownDevice:
    id: int
    ref: str
    type: DeviceType
    gateway_id: int | None
    token_hash: str


@dataclass(frozen=True)
class Credential:
    """Who is sending: one device, a gateway, or the broker (which authenticated it)."""

    device_id: int | None = None
    gateway_id: int | None = None
    trusted: bool = False

    def allows(self, device: KnownDevice) -> bool:
        if self.trusted:
            return True
        if self.device_id is not None:
            return device.id == self.device_id
        return self.gateway_id is not None and device.gateway_id == self.gateway_id


TRUSTED = Credential(trusted=True)


def credential_for_token(token: str) -> Credential | None:
    """The credential a bearer token stands for, or None when it is no one's."""
    if not token:
        return None
    digest = token_hash(token)
    device_id = (
        Device.objects.filter(token_hash=digest, is_active=True)
        .values_list("id", flat=True)
        .first()
    )
    if device_id is not None:
        return Credential(device_id=device_id)
    gateway_id = (
        Gateway.objects.filter(token_hash=digest, is_active=True)
        .values_list("id", flat=True)
        .first()
    )
    return Credential(gateway_id=gateway_id) if gateway_id is not None else None


class DeviceDirectory:
    """Devices by reference, read once and kept in memory by each ingest process.

    A reference not seen before is looked up alone; a miss is remembered for a few
    seconds so a flood of unknown ids costs no more than one query per id and interval.
    """

    MISS_SECONDS = 5.0

    def __init__(self) -> None:
        self._known: dict[str, KnownDevice] = {}
        self._misses: dict[str, float] = {}
        self._loaded = False
        self._lock = threading.Lock()

    @staticmethod
    def _entry(row: tuple[int, str, str, int | None, str]) -> KnownDevice:
        pk, ref, type_name, gateway_id, digest = row
        return KnownDevice(pk, ref, DEVICE_TYPES[type_name], gateway_id, digest)

    _FIELDS = ("id", "ref", "device_type", "gateway_id", "token_hash")

    def _load(self) -> None:
        rows = Device.objects.filter(is_active=True).values_list(*self._FIELDS)
        self._known = {row[1]: self._entry(row) for row in rows}
        self._loaded = True

    def get(self, ref: str) -> KnownDevice | None:
        with self._lock:
            if not self._loaded:
                self._load()
            found = self._known.get(ref)
            if found is not None:
                return found
            missed = self._misses.get(ref)
            if missed is not None and time.monotonic() - missed < self.MISS_SECONDS:
                return None
            row = Device.objects.filter(ref=ref, is_active=True).values_list(*self._FIELDS).first()
            if row is None:
                if len(self._misses) > 100_000:
                    self._misses.clear()
                self._misses[ref] = time.monotonic()
                return None
            self._known[ref] = entry = self._entry(row)
            return entry

    def clear(self) -> None:
        with self._lock:
            self._known, self._misses, self._loaded = {}, {}, False


directory = DeviceDirectory()


class BurstGuard:
    """Readings allowed per device and minute, counted by this process in fixed windows."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._windows: dict[int, tuple[int, int]] = {}
        self._lock = threading.Lock()

    def allow(self, device_id: int) -> bool:
        window = int(time.monotonic() // 60)
        with self._lock:
            start, count = self._windows.get(device_id, (window, 0))
            if start != window:
                count = 0
            if count >= self.per_minute:
                return False
            self._windows[device_id] = (window, count + 1)
            return True


burst_guard = BurstGuard(settings.SMARTCITY_DEVICE_READINGS_PER_MINUTE)


@dataclass(frozen=True)
class Rejection:
    index: int
    device: str
    reason: str
    detail: str


@dataclass
class IngestResult:
    accepted: int = 0  # readings newly stored
    duplicates: int = 0  # readings already stored before (a repeated delivery)
    rejected: list[Rejection] = field(default_factory=list)
    values: int = 0  # values newly stored, several per reading


class ReadingRefusedError(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


class _Times(dict[str, datetime.datetime | ReadingRefusedError]):
    """observedAt strings of one batch, each parsed once (devices report on the same
    second, and every value of a reading shares one datetime object)."""

    def __init__(self, now: datetime.datetime, oldest: datetime.datetime) -> None:
        super().__init__()
        self.now, self.oldest = now, oldest

    def of(self, raw: object) -> datetime.datetime:
        found = self.get(raw) if isinstance(raw, str) else None
        if found is None:
            try:
                found = _time(raw, self.now, self.oldest)
            except ReadingRefusedError as refused:
                found = refused
            if isinstance(raw, str) and len(self) < 100_000:
                self[raw] = found
        if isinstance(found, ReadingRefusedError):
            raise ReadingRefusedError(found.reason, found.detail)
        return found


def _time(raw: object, now: datetime.datetime, oldest: datetime.datetime) -> datetime.datetime:
    if not isinstance(raw, str):
        raise ReadingRefusedError(Reason.BAD_TIME, "observedAt must be an ISO 8601 date and time")
    try:
        moment = datetime.datetime.fromisoformat(raw)
    except ValueError:
        raise ReadingRefusedError(
            Reason.BAD_TIME, f"observedAt is not an ISO 8601 time: {raw[:40]!r}"
        ) from None
    if moment.tzinfo is None:
        raise ReadingRefusedError(Reason.BAD_TIME, "observedAt needs a time zone (for example Z)")
    moment = moment.astimezone(datetime.UTC)
    if moment > now + CLOCK_SKEW:
        raise ReadingRefusedError(Reason.FUTURE_TIME, f"observedAt {raw} is in the future")
    if moment < oldest:
        raise ReadingRefusedError(
            Reason.TOO_OLD, f"observedAt {raw} is older than the raw data is kept"
        )
    return moment


def quantity_value(quantity: Quantity, raw: object) -> float:
    """The number stored for one reported value, or ReadingRefusedError."""
    if (type(raw) is float or type(raw) is int) and not quantity.states:
        # The common case first: a bare number (a bool is not of type int).
        if quantity.minimum <= raw <= quantity.maximum:  # False for NaN
            return float(raw)
    unit = None
    if isinstance(raw, dict):
        unit = raw.get("unitCode")
        raw = raw.get("value")
    if unit is not None and unit != quantity.unit_code:
        raise ReadingRefusedError(
            Reason.WRONG_UNIT,
            f"{quantity.name} is measured in {quantity.unit_code or 'no unit'}, not {unit}",
        )
    if quantity.states:
        if isinstance(raw, bool) and len(quantity.states) == 2:
            return float(raw)
        if isinstance(raw, str) and raw in quantity.states:
            return float(quantity.states.index(raw))
        raise ReadingRefusedError(
            Reason.IMPOSSIBLE_VALUE,
            f"{quantity.name} must be one of {', '.join(quantity.states)}",
        )
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise ReadingRefusedError(Reason.IMPOSSIBLE_VALUE, f"{quantity.name} must be a number")
    if not quantity.minimum <= raw <= quantity.maximum:
        raise ReadingRefusedError(
            Reason.IMPOSSIBLE_VALUE,
            f"{quantity.name} {raw} is outside {quantity.minimum:g}–{quantity.maximum:g}",
        )
    return float(raw)


def _reading_rows(
    item: object,
    *,
    credential: Credential,
    segment: str | None,
    times: _Times,
) -> list[storage.Row]:
    if not isinstance(item, dict):
        raise ReadingRefusedError(Reason.MALFORMED, "a reading must be a JSON object")
    ref = item.get("device")
    if not isinstance(ref, str) or not ref:
        raise ReadingRefusedError(Reason.MALFORMED, "a reading must name its device")
    device = directory.get(ref)
    if device is None:
        raise ReadingRefusedError(Reason.UNKNOWN_DEVICE, f"no device {ref[:100]!r}")
    if not credential.allows(device):
        raise ReadingRefusedError(Reason.FORBIDDEN, f"this token may not send readings of {ref}")
    if segment is not None and segment != device.type.segment:
        raise ReadingRefusedError(
            Reason.WRONG_TYPE, f"{ref} is a {device.type.name}, not {segment}"
        )
    moment = times.of(item.get("observedAt"))
    values = item.get("values")
    if not isinstance(values, dict) or not values:
        raise ReadingRefusedError(Reason.MALFORMED, "a reading needs a non-empty 'values' object")
    rows = []
    quantities = device.type.quantities
    device_id = device.id
    for name, raw in values.items():
        quantity = quantities.get(name)
        if quantity is None:
            raise ReadingRefusedError(
                Reason.UNKNOWN_QUANTITY, f"a {device.type.name} has no {name[:40]!r}"
            )
        rows.append(storage.Row(device_id, name, moment, quantity_value(quantity, raw)))
    if not burst_guard.allow(device.id):
        raise ReadingRefusedError(
            Reason.BURST, f"{ref} sent more than {burst_guard.per_minute} a minute"
        )
    return rows


@dataclass
class ValidatedReadings:
    """A batch checked and turned into rows, not yet stored (see `readings_validate`)."""

    rows: list[storage.Row]
    counts: list[int]  # rows per accepted reading, in order
    rejected: list[Rejection]
    now: datetime.datetime


def readings_validate(
    items: Iterable[object],
    *,
    credential: Credential,
    segments: Sequence[str | None] | None = None,
    now: datetime.datetime | None = None,
) -> ValidatedReadings:
    """Check a batch of readings and turn the good ones into rows; writes nothing.

    `segments`, for readings that came over MQTT, holds the device type named by each
    reading's topic (None: no type to check).
    """
    now = now or timezone.now()
    oldest = now - datetime.timedelta(days=settings.SMARTCITY_RAW_READINGS_DAYS)
    validated = ValidatedReadings([], [], [], now)
    times = _Times(now, oldest)
    for index, item in enumerate(items):
        try:
            reading = _reading_rows(
                item,
                credential=credential,
                segment=segments[index] if segments is not None else None,
                times=times,
            )
        except ReadingRefusedError as refused:
            ref = item.get("device") if isinstance(item, dict) else ""
            name = ref if isinstance(ref, str) and ref else "?"
            validated.rejected.append(Rejection(index, name[:100], refused.reason, refused.detail))
            continue
        validated.rows.extend(reading)
        validated.counts.append(len(reading))
    return validated


def readings_store(validated: ValidatedReadings) -> IngestResult:
    """Store a validated batch in one transaction and count its refusals. Rules and
    subscriptions see the stored readings after the commit."""
    result = IngestResult(rejected=validated.rejected)
    rows = validated.rows
    stored: list[storage.Row] = []
    if rows:
        with transaction.atomic():
            stored = storage.rows_store(rows)
        transaction.on_commit(lambda: readings_stored(stored))
    # A reading counts as stored if any of its values was new. `stored` holds the very
    # Row objects of `rows` that were new (a second copy in the batch is not).
    result.values = len(stored)
    new_rows = {id(r) for r in stored}
    position = 0
    for size in validated.counts:
        if any(id(r) in new_rows for r in rows[position : position + size]):
            result.accepted += 1
        else:
            result.duplicates += 1
        position += size
    if result.rejected:
        rejections_count(result.rejected, validated.now)
    return result


def readings_ingest(
    items: Iterable[object],
    *,
    credential: Credential,
    segments: Sequence[str] | None = None,
    now: datetime.datetime | None = None,
) -> IngestResult:
    """Validate and store a batch of readings; refusals are counted, never half-stored."""
    return readings_store(
        readings_validate(items, credential=credential, segments=segments, now=now)
    )


def rejections_count(rejections: list[Rejection], now: datetime.datetime) -> None:
    tally: dict[tuple[str, str], tuple[int, str]] = {}
    for r in rejections:
        count, _detail = tally.get((r.device, r.reason), (0, ""))
        tally[(r.device, r.reason)] = (count + 1, r.detail[:300])
    with transaction.atomic():
        storage.rejections_add(
            [(device, reason, n, detail) for (device, reason), (n, detail) in tally.items()], now
        )


def readings_stored(rows: list[storage.Row]) -> None:
    """What follows a commit: alert rules, then NGSI-LD subscriptions."""
    if not rows:
        return
    from smartcity.devices import alerts, subscriptions

    alerts.readings_evaluate(rows)
    subscriptions.readings_notify(rows)
