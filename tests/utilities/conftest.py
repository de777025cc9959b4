"""Meters of two apartment blocks in Bălți, read at a fixed time.

NOW is Saturday 28 November 2026, 22:00 in Bălți (UTC+2 in winter): the night of the
28th (02:00–05:00 local) is the last complete one, and the 27th the last full day.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine

from smartcity.devices import services

NOW = datetime.datetime(2026, 11, 28, 20, 0, tzinfo=datetime.UTC)
LOCAL = datetime.timezone(datetime.timedelta(hours=2))
BLOCK = "str. Independenței 12"


def local(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment of November 2026 given in Bălți's winter time."""
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=LOCAL)


@pytest.fixture(autouse=True)
def _frozen_on_fresh_caches(device_caches_fresh):
    """Every test runs at NOW, the data hub's in-memory caches empty."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def meter(balti):
    """A function registering a meter of a building."""

    def meter(ref: str, device_type: str, building: str = BLOCK, apartments: int = 60):
        return services.device_register(
            ref=ref,
            device_type=device_type,
            latitude=47.7625,
            longitude=27.9300,
            attributes={"building": building, "apartments": apartments},
        )

    return meter


@pytest.fixture
def water(meter):
    return meter("WM-TEST-01", "WaterConsumptionObserved")


@pytest.fixture
def heat(meter):
    return meter("HM-TEST-01", "HeatMeter")


@pytest.fixture
def send(readings_store):
    """Store readings: send(device, [(moment, {quantity: value, ...}), ...])."""

    def send(device, readings):
        readings_store(device.ref, readings)

    return send
