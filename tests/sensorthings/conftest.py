"""A corner of Bălți's data hub to read through the SensorThings API: two street lights
and an air-quality station near the city hall, with a day of readings."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from smartcity.devices import services
from smartcity.devices.ingest import TRUSTED, readings_ingest
from tests.conftest import iso

API = "/sta/v1.1"
NOW = datetime.datetime(2026, 11, 28, 20, 0, tzinfo=datetime.UTC)


def at(hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, 28, hour, minute, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _frozen(device_caches_fresh):
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def hub(balti):
    """Lamps SL-STA-1 (dimmed at night) and SL-STA-2 (never connected), station AQ-STA-1
    with PM2.5 every hour from 10:00 to 19:00 (3, 4, … 12 µg/m³)."""
    lamp = services.device_register(
        ref="SL-STA-1",
        device_type="StreetLight",
        latitude=47.7612,
        longitude=27.9281,
        address="str. Ștefan cel Mare 10",
        attributes={"lampPower": 70},
    )
    dark = services.device_register(
        ref="SL-STA-2",
        device_type="StreetLight",
        latitude=47.7650,
        longitude=27.9400,
        name="Lamp by the park",
    )
    station = services.device_register(
        ref="AQ-STA-1", device_type="AirQualityObserved", latitude=47.7620, longitude=27.9300
    )
    readings = [
        {"device": station.ref, "observedAt": iso(at(h)), "values": {"pm25": h - 7.0}}
        for h in range(10, 20)
    ]
    readings += [
        {
            "device": lamp.ref,
            "observedAt": iso(at(17)),
            "values": {"powerState": "on", "illuminanceLevel": 1.0},
        },
        {"device": lamp.ref, "observedAt": iso(at(19)), "values": {"illuminanceLevel": 0.4}},
    ]
    summary = readings_ingest(readings, credential=TRUSTED)
    assert not summary.rejected, summary.rejected
    return {"lamp": lamp, "dark": dark, "station": station}
