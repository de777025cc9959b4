"""Alert rules at work: open an alert when a condition holds, close it when it clears.

Threshold and rate-of-change rules are evaluated on each stored batch of readings, right
after its commit; silence rules and the domains' built-in checks (a lamp dark at night)
run every minute from the worker, since they are about data that did not come.
"""

from __future__ import annotations

import datetime
import operator
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from smartcity.devices import storage
from smartcity.devices.models import Alert, AlertRule, Device, DeviceState, Reading
from smartcity.devices.types import DEVICE_TYPES

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

COMPARE: dict[str, Callable[[float, float], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
}


@dataclass(frozen=True)
class Check:
    """A domain's built-in condition: which devices of a type fail it now, and why."""

    code: str
    label: StrOrPromise  # lazy: shown in the language of the page that lists it
    device_type: str
    failing: Callable[[datetime.datetime], dict[int, tuple[str, float | None]]]


CHECKS: dict[str, Check] = {}


def check_register(check: Check) -> None:
    CHECKS[check.code] = check


class RuleBook:
    """The active rules, read again at most every few seconds by each process."""

    SECONDS = 5.0

    def __init__(self) -> None:
        self._rules: list[AlertRule] = []
        self._read_at = -1e9
        self._lock = threading.Lock()

    def rules(self) -> list[AlertRule]:
        with self._lock:
            if time.monotonic() - self._read_at > self.SECONDS:
                self._rules = list(
                    AlertRule.objects.filter(
                        is_active=True, kind__in=(AlertRule.Kind.THRESHOLD, AlertRule.Kind.RATE)
                    )
                )
                self._read_at = time.monotonic()
            return self._rules

    def clear(self) -> None:
        with self._lock:
            self._read_at = -1e9


rulebook = RuleBook()


def _describe(rule: AlertRule, device_ref: str, value: float | None) -> str:
    quantity = DEVICE_TYPES[rule.device_type].quantities.get(rule.quantity)
    shown = (
        ""
        if value is None
        else (quantity.state_of(value) if quantity and quantity.states else f"{value:g}")
    )
    # Alerts are read by the city's staff first: their text is in the city's language.
    with translation.override("ro"):
        if rule.kind == AlertRule.Kind.SILENCE:
            return _("%(device)s: no data for %(minutes)s minutes") % {
                "device": device_ref,
                "minutes": rule.minutes,
            }
        return _("%(device)s: %(rule)s (%(quantity)s = %(value)s)") % {
            "device": device_ref,
            "rule": rule.name,
            "quantity": rule.quantity,
            "value": shown,
        }


def alert_open(
    *, rule: AlertRule, device_id: int, message: str, value: float | None
) -> Alert | None:
    """Open an alert unless one of this rule is already active for the device."""
    try:
        with transaction.atomic():
            alert = Alert.objects.create(
                rule=rule,
                device_id=device_id,
                status=Alert.Status.OPEN,
                message=message[:300],
                value=value,
                opened_at=timezone.now(),
            )
    except IntegrityError:
        return None  # another process opened it first
    if rule.creates_service_request and rule.service_category_id:
        from smartcity.devices import tasks

        transaction.on_commit(lambda: tasks.alert_service_request_open.enqueue(alert.pk))
    return alert


def alerts_close(alert_ids: list[int]) -> int:
    if not alert_ids:
        return 0
    return (
        Alert.objects.filter(pk__in=alert_ids)
        .active()
        .update(status=Alert.Status.CLOSED, closed_at=timezone.now())
    )


def _active(rule_ids: set[int], device_ids: set[int]) -> dict[tuple[int, int], int]:
    found: dict[tuple[int, int], int] = {}
    ids = sorted(device_ids)
    for start in range(0, len(ids), 2000):
        rows = Alert.objects.active().filter(
            rule_id__in=rule_ids, device_id__in=ids[start : start + 2000]
        )
        found.update({(r, d): pk for r, d, pk in rows.values_list("rule_id", "device_id", "id")})
    return found


def _previous(row: storage.Row) -> Reading | None:
    return (
        Reading.objects.filter(
            device_id=row.device_id, quantity=row.quantity, observed_at__lt=row.observed_at
        )
        .order_by("-observed_at")
        .first()
    )


def _rule_holds(rule: AlertRule, row: storage.Row) -> bool:
    # alert_rule_validate refuses a threshold rule without a threshold, a rate rule
    # without its largest change.
    if rule.kind == AlertRule.Kind.THRESHOLD:
        assert rule.threshold is not None
        return COMPARE[rule.operator](row.value, rule.threshold)
    before = _previous(row)
    if before is None or before.observed_at >= row.observed_at:
        return False
    hours = (row.observed_at - before.observed_at).total_seconds() / 3600
    assert rule.max_change_per_hour is not None
    return abs(row.value - before.value) / hours > rule.max_change_per_hour


def readings_evaluate(rows: list[storage.Row]) -> None:
    """Open and close threshold and rate-of-change alerts for newly stored readings."""
    rules = rulebook.rules()
    if not rules:
        return
    latest: dict[tuple[int, str], storage.Row] = {}
    for r in rows:
        known = latest.get((r.device_id, r.quantity))
        if known is None or r.observed_at > known.observed_at:
            latest[(r.device_id, r.quantity)] = r
    types = dict(
        Device.objects.filter(pk__in={d for d, _q in latest}).values_list("id", "device_type")
    )
    candidates = [
        (rule, row)
        for (device_id, quantity), row in latest.items()
        for rule in rules
        if rule.device_type == types.get(device_id)
        and rule.quantity == quantity
        and rule.device_id in (None, device_id)
    ]
    if not candidates:
        return
    active = _active(
        {rule.pk for rule, _r in candidates}, {row.device_id for _r, row in candidates}
    )
    refs = dict(
        Device.objects.filter(pk__in={row.device_id for _r, row in candidates}).values_list(
            "id", "ref"
        )
    )
    to_close = []
    for rule, row in candidates:
        if _rule_holds(rule, row):
            if (rule.pk, row.device_id) not in active:
                alert_open(
                    rule=rule,
                    device_id=row.device_id,
                    message=_describe(rule, refs[row.device_id], row.value),
                    value=row.value,
                )
        elif (rule.pk, row.device_id) in active:
            to_close.append(active[(rule.pk, row.device_id)])
    alerts_close(to_close)


def _silent_devices(rule: AlertRule, now: datetime.datetime) -> dict[int, tuple[str, float | None]]:
    devices = Device.objects.filter(device_type=rule.device_type, is_active=True, is_connected=True)
    if rule.device_id:
        devices = devices.filter(pk=rule.device_id)
    last_seen = dict(
        DeviceState.objects.filter(device__in=devices)
        .values("device_id")
        .annotate(last=Max("observed_at"))
        .values_list("device_id", "last")
    )
    since = now - datetime.timedelta(minutes=rule.minutes or 0)
    return {
        pk: (_describe(rule, ref, None), None)
        for pk, ref in devices.values_list("id", "ref")
        if last_seen.get(pk) is None or last_seen[pk] < since
    }


def periodic_rules_evaluate(now: datetime.datetime | None = None) -> None:
    """Silence rules and built-in checks: open what fails now, close what no longer does."""
    now = now or timezone.now()
    for rule in AlertRule.objects.filter(
        is_active=True, kind__in=(AlertRule.Kind.SILENCE, AlertRule.Kind.CHECK)
    ):
        if rule.kind == AlertRule.Kind.SILENCE:
            failing = _silent_devices(rule, now)
        elif rule.check_code in CHECKS:
            failing = CHECKS[rule.check_code].failing(now)
            if rule.device_id:
                failing = {k: v for k, v in failing.items() if k == rule.device_id}
        else:
            continue
        active = dict(rule.alerts.active().values_list("device_id", "id"))
        for device_id, (message, value) in failing.items():
            if device_id not in active:
                alert_open(rule=rule, device_id=device_id, message=message, value=value)
        alerts_close([pk for device_id, pk in active.items() if device_id not in failing])
