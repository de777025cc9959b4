"""Devices of a small part of Bălți for the data hub's tests."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from smartcity.devices import services

# Two points on str. Ștefan cel Mare, near the city hall.
LAMP_AT = (47.7612, 27.9281)
STATION_AT = (47.7620, 27.9300)


# Tests of stored readings run at a fixed time; the broker tests use the real clock.
NOW = datetime.datetime(2026, 11, 28, 20, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _frozen(request):
    if request.node.get_closest_marker("real_time"):
        yield
        return
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def _fresh_caches(device_caches_fresh):
    """Every test starts with the data hub's in-memory caches empty."""


@pytest.fixture
def lamp(balti):
    return services.device_register(
        ref="SL-TEST-0001",
        device_type="StreetLight",
        latitude=LAMP_AT[0],
        longitude=LAMP_AT[1],
        address="str. Ștefan cel Mare 10",
        attributes={"lampPower": 70},
    )


@pytest.fixture
def station(balti):
    return services.device_register(
        ref="AQ-TEST-01",
        device_type="AirQualityObserved",
        latitude=STATION_AT[0],
        longitude=STATION_AT[1],
    )


@pytest.fixture
def lamp_token(lamp):
    return services.device_token_issue(device=lamp)


def at(hour: int, minute: int = 0, day: int = 28) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=datetime.UTC)


@pytest.fixture
def lamps(balti):
    """Twenty street lights of the MQTT tests."""
    return [
        services.device_register(
            ref=f"SL-MQTT-{n:03d}",
            device_type="StreetLight",
            latitude=47.7600 + n * 0.0001,
            longitude=27.9270,
        )
        for n in range(20)
    ]
