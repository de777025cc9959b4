"""Vehicles, their reported positions, the run each one is on and the stops it reached."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Vehicle(models.Model):
    ref = models.CharField(_("vehicle id"), max_length=64, unique=True)
    label = models.CharField(_("fleet number"), max_length=64, blank=True)
    token_hash = models.CharField(_("token hash"), max_length=64, blank=True, db_index=True)
    # The same token hashed as the MQTT broker's password file wants it (see broker_auth).
    broker_password_hash = models.CharField(_("broker password hash"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        ordering = ["ref"]

    def __str__(self) -> str:
        return self.label or self.ref


class VehiclePosition(models.Model):
    """One accepted GPS fix; the history predictions learn from."""

    vehicle = models.ForeignKey(
        Vehicle, verbose_name=_("vehicle"), on_delete=models.CASCADE, related_name="positions"
    )
    observed_at = models.DateTimeField(_("observed at"))
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    speed = models.FloatField(_("speed (m/s)"), null=True, blank=True)
    bearing = models.FloatField(_("bearing"), null=True, blank=True)
    trip = models.ForeignKey(
        "transit.Trip", verbose_name=_("trip"), null=True, blank=True, on_delete=models.SET_NULL
    )
    distance = models.FloatField(_("metres along the shape"), null=True, blank=True)

    class Meta:
        verbose_name = _("vehicle position")
        verbose_name_plural = _("vehicle positions")
        constraints = [
            models.UniqueConstraint(fields=["vehicle", "observed_at"], name="position_once")
        ]
        indexes = [models.Index(fields=["observed_at"])]


class VehicleRun(models.Model):
    """Where a vehicle is now: its last fix, and the run it is matched to, if any."""

    vehicle = models.OneToOneField(
        Vehicle, verbose_name=_("vehicle"), on_delete=models.CASCADE, related_name="run"
    )
    observed_at = models.DateTimeField(_("last fix at"))
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    speed = models.FloatField(_("speed (m/s)"), null=True, blank=True)
    bearing = models.FloatField(_("bearing"), null=True, blank=True)
    trip = models.ForeignKey(
        "transit.Trip", verbose_name=_("trip"), null=True, blank=True, on_delete=models.SET_NULL
    )
    start_date = models.DateField(_("service day"), null=True, blank=True)
    start_time = models.PositiveIntegerField(_("run start (seconds)"), null=True, blank=True)
    distance = models.FloatField(_("metres along the shape"), default=0)
    offset = models.FloatField(_("metres from the shape"), default=0)
    delay = models.FloatField(_("delay (seconds)"), default=0)
    off_route_fixes = models.PositiveIntegerField(_("fixes off the route in a row"), default=0)
    # The last few fixes as [time, lat, lon], for matching a vehicle that does not say.
    recent = models.JSONField(_("recent fixes"), default=list)

    class Meta:
        verbose_name = _("vehicle run")
        verbose_name_plural = _("vehicle runs")


class StopArrival(models.Model):
    """A stop a vehicle reached on a run: punctuality, and the history of travel times.

    Trips, lines and stops are named by their GTFS ids, not linked: importing the feed
    again replaces those rows, and the history must outlive that.
    """

    vehicle = models.ForeignKey(
        Vehicle, verbose_name=_("vehicle"), on_delete=models.CASCADE, related_name="arrivals"
    )
    trip_ref = models.CharField(_("GTFS trip_id"), max_length=100)
    route_ref = models.CharField(_("GTFS route_id"), max_length=100)
    start_date = models.DateField(_("service day"))
    start_time = models.PositiveIntegerField(_("run start (seconds)"))
    stop_ref = models.CharField(_("GTFS stop_id"), max_length=100)
    stop_sequence = models.PositiveIntegerField(_("sequence"))
    arrived_at = models.DateTimeField(_("arrived at"))
    departed_at = models.DateTimeField(_("departed at"), null=True, blank=True)
    scheduled_at = models.DateTimeField(_("scheduled at"))

    class Meta:
        verbose_name = _("stop arrival")
        verbose_name_plural = _("stop arrivals")
        constraints = [
            models.UniqueConstraint(
                fields=["trip_ref", "start_date", "start_time", "stop_sequence"],
                name="arrival_once_per_run",
            )
        ]
        indexes = [models.Index(fields=["arrived_at"])]


class RefusedPositions(models.Model):
    """How many fixes were refused, by vehicle, reason and day."""

    vehicle_ref = models.CharField(_("vehicle id"), max_length=64)
    reason = models.CharField(_("reason"), max_length=32)
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("refused positions")
        verbose_name_plural = _("refused positions")
        constraints = [
            models.UniqueConstraint(fields=["vehicle_ref", "reason", "day"], name="refusal_per_day")
        ]
