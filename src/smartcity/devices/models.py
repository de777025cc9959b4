"""The urban data hub: devices, their readings over time, and the alerts they raise.

Time series are kept in three tables so that each question reads few rows: the latest
value of each quantity of each device (`DeviceState`), every raw reading (`Reading`,
keyed by device, quantity and time, which also makes a repeated delivery a no-op), and
hourly and daily aggregates (`ReadingAggregate`) for long ranges once raw data is pruned.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from smartcity.devices.types import type_choices


class Gateway(models.Model):
    """A concentrator that forwards the readings of many devices with one token."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    # The same key hashed as the MQTT broker's password file wants it (see broker_auth).
    broker_password_hash = models.CharField(_("broker password hash"), max_length=200, blank=True)
    # The city's own integrations may write every device through NGSI-LD; a vendor's
    # gateway only the devices behind it.
    writes_any_device = models.BooleanField(_("may write every device"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("gateway")
        verbose_name_plural = _("gateways")

    def __str__(self) -> str:
        return self.name


class Device(models.Model):
    ref = models.CharField(
        _("device id"), max_length=100, unique=True, help_text=_("For example: SL-CENTRU-0001")
    )
    device_type = models.CharField(_("type"), max_length=40, choices=type_choices())
    name = models.CharField(_("name"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    district = models.ForeignKey(
        "city.District",
        verbose_name=_("district"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="devices",
    )
    department = models.ForeignKey(
        "city.Department",
        verbose_name=_("responsible department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="devices",
    )
    gateway = models.ForeignKey(
        Gateway,
        verbose_name=_("gateway"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="devices",
    )
    # What the type defines beyond readings: a lamp's rated power, its cabinet, a meter's
    # building. Keys follow the Smart Data Models' attribute names.
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    # Street lights without a controller are assets too (they count in the ISO 37122
    # share of remotely managed lights) but send nothing.
    is_connected = models.BooleanField(_("connected"), default=True)
    token_hash = models.CharField(_("token hash"), max_length=64, blank=True, db_index=True)
    broker_password_hash = models.CharField(_("broker password hash"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        verbose_name = _("device")
        verbose_name_plural = _("devices")
        ordering = ["ref"]
        indexes = [models.Index(fields=["device_type", "district"], name="device_type_district")]

    def __str__(self) -> str:
        return self.ref


class Reading(models.Model):
    pk = models.CompositePrimaryKey("device_id", "quantity", "observed_at")
    device = models.ForeignKey(Device, on_delete=models.CASCADE, db_index=False)
    quantity = models.CharField(max_length=40)
    observed_at = models.DateTimeField()
    value = models.FloatField()

    class Meta:
        verbose_name = _("reading")
        verbose_name_plural = _("readings")
        indexes = [models.Index(fields=["observed_at"], name="reading_observed_at")]


class DeviceState(models.Model):
    """The latest value of one quantity of one device.

    Rewritten with every reading, so no index but the primary key covers a column that
    changes: PostgreSQL can then update the row in place (a HOT update, with the room
    that migration 0002 leaves in each page), touching no index. Every filter on a
    state's value is per device (`devices_filter`), which the primary key serves.
    """

    pk = models.CompositePrimaryKey("device_id", "quantity")
    device = models.ForeignKey(
        Device, on_delete=models.CASCADE, db_index=False, related_name="states"
    )
    quantity = models.CharField(max_length=40)
    observed_at = models.DateTimeField()
    value = models.FloatField()

    class Meta:
        verbose_name = _("latest reading")
        verbose_name_plural = _("latest readings")


class ReadingAggregate(models.Model):
    class Period(models.TextChoices):
        HOUR = "h", _("hour")
        DAY = "d", _("day")

    pk = models.CompositePrimaryKey("device_id", "quantity", "period", "start")
    device = models.ForeignKey(Device, on_delete=models.CASCADE, db_index=False)
    quantity = models.CharField(max_length=40)
    period = models.CharField(max_length=1, choices=Period.choices)
    # Hours start on the hour in UTC; days start at local midnight in the city's time zone.
    start = models.DateTimeField()
    count = models.IntegerField()
    total = models.FloatField()
    minimum = models.FloatField()
    maximum = models.FloatField()

    class Meta:
        verbose_name = _("aggregate of readings")
        verbose_name_plural = _("aggregates of readings")


class RejectedReadings(models.Model):
    """How many readings were refused, per device (as it named itself) and reason."""

    class Reason(models.TextChoices):
        UNKNOWN_DEVICE = "unknown_device", _("unknown device")
        FORBIDDEN = "forbidden", _("the token may not send for this device")
        WRONG_TYPE = "wrong_type", _("the topic names another device type")
        UNKNOWN_QUANTITY = "unknown_quantity", _("the device type has no such quantity")
        WRONG_UNIT = "wrong_unit", _("wrong unit")
        IMPOSSIBLE_VALUE = "impossible_value", _("impossible value")
        BAD_TIME = "bad_time", _("missing or invalid time")
        FUTURE_TIME = "future_time", _("time in the future")
        TOO_OLD = "too_old", _("older than the raw data is kept")
        MALFORMED = "malformed", _("malformed reading")
        BURST = "burst", _("too many readings from one device")

    pk = models.CompositePrimaryKey("device_ref", "reason")
    device_ref = models.CharField(_("device id"), max_length=100)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    count = models.BigIntegerField(_("count"), default=0)
    last_at = models.DateTimeField(_("last refused"))
    last_detail = models.CharField(_("last detail"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("refused readings")
        verbose_name_plural = _("refused readings")


class AlertRule(models.Model):
    class Kind(models.TextChoices):
        THRESHOLD = "threshold", _("threshold")
        SILENCE = "silence", _("no data for a while")
        RATE = "rate", _("rate of change")
        CHECK = "check", _("built-in check")

    class Operator(models.TextChoices):
        ABOVE = ">", _("above")
        AT_LEAST = ">=", _("at least")
        BELOW = "<", _("below")
        AT_MOST = "<=", _("at most")
        EQUAL = "==", _("equal to")
        NOT_EQUAL = "!=", _("not equal to")

    class Severity(models.TextChoices):
        INFO = "info", _("information")
        WARNING = "warning", _("warning")
        CRITICAL = "critical", _("critical")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    device_type = models.CharField(_("device type"), max_length=40, choices=type_choices())
    device = models.ForeignKey(
        Device,
        verbose_name=_("only this device"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alert_rules",
    )
    quantity = models.CharField(_("quantity"), max_length=40, blank=True)
    operator = models.CharField(_("condition"), max_length=2, choices=Operator.choices, blank=True)
    # For states (a lamp's status) the threshold is the state's index.
    threshold = models.FloatField(_("threshold"), null=True, blank=True)
    # Silence: minutes without data. Rate: the largest change allowed per hour.
    minutes = models.PositiveIntegerField(_("minutes without data"), null=True, blank=True)
    max_change_per_hour = models.FloatField(_("largest change per hour"), null=True, blank=True)
    check_code = models.CharField(_("built-in check"), max_length=60, blank=True)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.WARNING
    )
    creates_service_request = models.BooleanField(
        _("creates a service request"),
        default=False,
        help_text=_("An alert opens a report in the responsible department's queue."),
    )
    service_category = models.ForeignKey(
        "service_requests.ServiceCategory",
        verbose_name=_("report category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name = _("alert rule")
        verbose_name_plural = _("alert rules")
        ordering = ["device_type", "name"]

    def __str__(self) -> str:
        return self.name


class AlertQuerySet(models.QuerySet["Alert"]):
    def active(self) -> AlertQuerySet:
        return self.exclude(status=Alert.Status.CLOSED)


class Alert(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ACKNOWLEDGED = "acknowledged", _("acknowledged")
        CLOSED = "closed", _("closed")

    rule = models.ForeignKey(AlertRule, on_delete=models.CASCADE, related_name="alerts")
    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="alerts")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    message = models.CharField(_("message"), max_length=300)
    value = models.FloatField(_("value"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"))
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    service_request = models.ForeignKey(
        "service_requests.ServiceRequest",
        verbose_name=_("service request"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-opened_at"]
        constraints = [
            # At most one alert per rule and device is not yet closed.
            models.UniqueConstraint(
                fields=["rule", "device"],
                condition=~models.Q(status="closed"),
                name="one_active_alert_per_rule_and_device",
            )
        ]

    def __str__(self) -> str:
        return self.message


class NgsiSubscription(models.Model):
    """An NGSI-LD subscription: notify an HTTP endpoint when matching entities change."""

    subscription_id = models.CharField(max_length=200, unique=True)
    description = models.CharField(max_length=300, blank=True)
    # Entity selectors, any of which an entity matches: {"type", "id"?, "idPattern"?}.
    entities = models.JSONField(default=list, blank=True)
    watched_attributes = models.JSONField(default=list, blank=True)
    q = models.CharField(max_length=500, blank=True)
    # The geoQ as given (georel, geometry, coordinates), or null.
    geo_q = models.JSONField(null=True, blank=True)
    notification_attributes = models.JSONField(default=list, blank=True)
    notification_format = models.CharField(max_length=20, default="normalized")
    endpoint_uri = models.URLField(max_length=500)
    endpoint_accept = models.CharField(max_length=40, default="application/json")
    is_active = models.BooleanField(default=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    throttling = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    last_notification_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    times_sent = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("NGSI-LD subscription")
        verbose_name_plural = _("NGSI-LD subscriptions")
