"""Waste containers in Bălți, read at a fixed time (Saturday 28 November 2026, 22:00 local)."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from smartcity.devices import services

NOW = datetime.datetime(2026, 11, 28, 20, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _frozen_on_fresh_caches(device_caches_fresh):
    """Every test runs at NOW, the data hub's in-memory caches empty."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def container(balti):
    """A function registering a container at a point (near the city hall by default)."""

    def container(ref: str, latitude: float = 47.7612, longitude: float = 27.9281, **attributes):
        return services.device_register(
            ref=ref,
            device_type="WasteContainer",
            latitude=latitude,
            longitude=longitude,
            address=f"str. Ștefan cel Mare {ref[-2:]}",
            attributes=attributes,
        )

    return container


@pytest.fixture
def send(readings_store):
    """Store fill levels: send(device, [(moment, level), ...])."""

    def send(device, levels):
        readings_store(device.ref, [(t, {"fillingLevel": v}) for t, v in levels])

    return send
