"""Writes of the data hub: registering devices, issuing tokens, handling alerts, pruning."""

from __future__ import annotations

import datetime
import math
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartcity.city.models import Department
from smartcity.city.selectors import location_of
from smartcity.devices.broker_auth import broker_auth_sync_soon, broker_password_hash
from smartcity.devices.ingest import directory, token_hash
from smartcity.devices.models import Alert, AlertRule, Device, Gateway, Reading
from smartcity.devices.types import DEVICE_TYPES


def device_register(
    *,
    ref: str,
    device_type: str,
    latitude: float,
    longitude: float,
    name: str = "",
    address: str = "",
    attributes: dict | None = None,
    department: Department | None = None,
    gateway: Gateway | None = None,
    is_connected: bool = True,
) -> Device:
    """Create or update a device; its district follows from where it stands.

    The responsible department defaults to the one its type names. Raises
    ValidationError for an unknown type or a place outside the city.
    """
    if device_type not in DEVICE_TYPES:
        raise ValidationError({"device_type": [_("Unknown device type.")]})
    ref = ref.strip()
    if not ref or len(ref) > 100:
        raise ValidationError({"ref": [_("A device id of 1 to 100 characters is required.")]})
    if not all(isinstance(c, int | float) and math.isfinite(c) for c in (latitude, longitude)):
        raise ValidationError({"location": [_("The location must be a latitude and longitude.")]})
    place = location_of(latitude=latitude, longitude=longitude)
    if not place.inside_city:
        raise ValidationError({"location": [_("This place is outside the municipality.")]})
    if department is None and DEVICE_TYPES[device_type].department:
        department = Department.objects.filter(slug=DEVICE_TYPES[device_type].department).first()
    device, _created = Device.objects.update_or_create(
        ref=ref,
        defaults={
            "device_type": device_type,
            "name": name,
            "address": address,
            "latitude": latitude,
            "longitude": longitude,
            "district": place.district,
            "department": department,
            "gateway": gateway,
            "attributes": attributes or {},
            "is_connected": is_connected,
            "is_active": True,
        },
    )
    directory.clear()
    broker_auth_sync_soon()  # its topic (or its gateway's) may have changed
    return device


def device_token_issue(*, device: Device) -> str:
    """A new key for the device, for HTTP ingestion (bearer token) and for the MQTT broker
    (password of the account `device/<ref>`); the previous key stops working on both.
    Only hashes of it are kept."""
    token = secrets.token_urlsafe(32)
    device.token_hash = token_hash(token)
    device.broker_password_hash = broker_password_hash(token)
    device.save(update_fields=["token_hash", "broker_password_hash", "modified_at"])
    directory.clear()
    broker_auth_sync_soon()
    return token


def device_retire(*, device: Device) -> Device:
    """Take a device out of service: its key is refused over HTTP and by the broker (its
    readings stay)."""
    device.is_active = False
    device.save(update_fields=["is_active", "modified_at"])
    directory.clear()
    broker_auth_sync_soon()
    return device


def gateway_create(*, name: str, writes_any_device: bool = False) -> tuple[Gateway, str]:
    """A gateway and its key (shown once; only hashes are kept). Over MQTT the gateway is
    the account `gateway/<id>`, with the key as its password."""
    token = secrets.token_urlsafe(32)
    gateway = Gateway.objects.create(
        name=name,
        token_hash=token_hash(token),
        broker_password_hash=broker_password_hash(token),
        writes_any_device=writes_any_device,
    )
    broker_auth_sync_soon()
    return gateway, token


def alert_acknowledge(*, alert: Alert, user) -> Alert:  # noqa: ANN001 - Django user
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert.pk)
        if alert.status == Alert.Status.OPEN:
            alert.status = Alert.Status.ACKNOWLEDGED
            alert.acknowledged_at = timezone.now()
            alert.acknowledged_by = user
            alert.save(update_fields=["status", "acknowledged_at", "acknowledged_by"])
    return alert


def alert_close(*, alert: Alert) -> Alert:
    """Close by hand (the rule reopens it if the condition still holds)."""
    Alert.objects.filter(pk=alert.pk).active().update(
        status=Alert.Status.CLOSED, closed_at=timezone.now()
    )
    alert.refresh_from_db()
    return alert


def _rule_parameters_errors(rule: AlertRule) -> dict[str, list[str]]:
    kinds = AlertRule.Kind
    if rule.kind == kinds.THRESHOLD and (not rule.operator or rule.threshold is None):
        return {"threshold": [_("A threshold rule needs a condition and a threshold.")]}
    if rule.kind == kinds.SILENCE and not rule.minutes:
        return {"minutes": [_("Say after how many minutes without data to alert.")]}
    if rule.kind == kinds.RATE and not rule.max_change_per_hour:
        return {"max_change_per_hour": [_("Say the largest change per hour that is normal.")]}
    if rule.kind == kinds.CHECK:
        from smartcity.devices.alerts import CHECKS

        if rule.check_code not in CHECKS:
            return {"check_code": [_("Unknown built-in check.")]}
    return {}


def alert_rule_validate(rule: AlertRule) -> None:
    """Each kind of rule needs its own parameters; raises ValidationError naming them."""
    errors = _rule_parameters_errors(rule)
    kind = DEVICE_TYPES.get(rule.device_type)
    if kind is None:
        errors["device_type"] = [_("Unknown device type.")]
    elif rule.kind in (AlertRule.Kind.THRESHOLD, AlertRule.Kind.RATE):
        if rule.quantity not in kind.quantities:
            errors["quantity"] = [_("This device type does not report that quantity.")]
    if rule.device is not None and kind and rule.device.device_type != rule.device_type:
        errors["device"] = [_("The device is not of the rule's type.")]
    if rule.creates_service_request and not rule.service_category_id:
        errors["service_category"] = [_("Choose the category of the reports it creates.")]
    if errors:
        raise ValidationError(errors)


def alert_service_request_open(*, alert_id: int) -> None:
    """Open a service request for an alert whose rule asks for one (once per alert)."""
    from smartcity.service_requests import services as request_services
    from smartcity.service_requests.models import Source

    with transaction.atomic():
        alert = (
            Alert.objects.select_for_update(of=("self",))
            .select_related("rule__service_category", "device")
            .get(pk=alert_id)
        )
        rule, device = alert.rule, alert.device
        if (
            alert.service_request_id
            or not rule.creates_service_request
            or not rule.service_category
        ):
            return
        draft = request_services.RequestDraft(
            category=rule.service_category,
            description=alert.message,
            latitude=device.latitude,
            longitude=device.longitude,
            address=device.address,
            # A category's extra questions are answered by the device's attributes of the
            # same code (a container's `container_type`); other attributes are ignored.
            attributes=dict(device.attributes or {}),
            reporter=request_services.Reporter(device_id=device.ref, language="ro"),
            source=Source.DEVICE,
        )
        alert.service_request = request_services.request_submit(draft=draft)
        alert.save(update_fields=["service_request"])


def raw_readings_prune(
    *, older_than: datetime.datetime | None = None, batch_size: int = 50_000, dry_run: bool = False
) -> int:
    """Delete raw readings older than the retention period, in batches; aggregates stay."""
    cutoff = older_than or timezone.now() - datetime.timedelta(
        days=settings.SMARTCITY_RAW_READINGS_DAYS
    )
    old = Reading.objects.filter(observed_at__lt=cutoff)
    if dry_run:
        return old.count()
    deleted = 0
    while True:
        # Batches by time keep each transaction short on a table of millions of rows.
        times = list(old.order_by("observed_at").values_list("observed_at", flat=True)[:batch_size])
        if not times:
            return deleted
        with transaction.atomic():
            count, _detail = Reading.objects.filter(observed_at__lte=times[-1]).delete()
        deleted += count
        if len(times) < batch_size:
            return deleted


def alert_rule_ensure(
    *,
    name: str,
    kind: str,
    device_type: str,
    check_code: str = "",
    severity: str = AlertRule.Severity.WARNING,
    service_category_code: str = "",
) -> AlertRule:
    """The active rule of this name, kind and device type, created or updated (so a domain's
    demo or setup can run twice). A `service_category_code` makes its alerts open service
    requests in that category. Raises ValidationError as `alert_rule_validate` does."""
    from smartcity.devices import alerts
    from smartcity.service_requests.models import ServiceCategory

    category = (
        ServiceCategory.objects.filter(code=service_category_code).first()
        if service_category_code
        else None
    )
    rule = AlertRule.objects.filter(name=name, kind=kind, device_type=device_type).first()
    rule = rule or AlertRule(name=name, kind=kind, device_type=device_type)
    rule.check_code = check_code
    rule.severity = severity
    rule.creates_service_request = bool(service_category_code)
    rule.service_category = category
    rule.is_active = True
    alert_rule_validate(rule)
    rule.save()
    alerts.rulebook.clear()
    return rule
