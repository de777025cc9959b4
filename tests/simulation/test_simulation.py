"""The demo devices of Bălți and the simulator that keeps them reporting."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command

from smartcity.devices import ingest
from smartcity.devices.models import AlertRule, Device, DeviceState, Reading, ReadingAggregate
from smartcity.lighting import demo as lighting_demo
from smartcity.lighting.sun import ZONE
from smartcity.simulation import demo
from smartcity.simulation.model import CityModel

NIGHT = datetime.datetime(2026, 11, 28, 23, 0, tzinfo=ZONE)
NOON = datetime.datetime(2026, 11, 28, 12, 0, tzinfo=ZONE)


@pytest.fixture
def demo_city(balti):
    lighting_demo.profiles_load()
    ingest.directory.clear()
    demo.devices_load(seed=7, days=1, progress=lambda _line: None)
    return list(Device.objects.all())


@pytest.fixture
def some_streets(balti):
    """The first few cabinets of the demo with their lamps, and the stations."""
    import random

    from smartcity.devices.models import Gateway

    lighting_demo.profiles_load()
    gateway = Gateway.objects.create(name="test", token_hash="x")
    Device.objects.bulk_create(
        demo.lights_and_cabinets(random.Random(7), gateway)[:300] + demo.air_stations(gateway)
    )
    return list(Device.objects.all())


def test_the_demo_places_thousands_of_lights_cabinets_and_stations_inside_the_city(demo_city):
    kinds = {d.device_type for d in demo_city}
    assert kinds == {"StreetLight", "StreetlightControlCabinet", "AirQualityObserved"}
    lights = [d for d in demo_city if d.device_type == "StreetLight"]
    assert len(lights) > 2000
    assert all(d.district_id for d in demo_city)
    assert 0.75 < sum(d.is_connected for d in lights) / len(lights) < 0.9
    assert AlertRule.objects.filter(
        check_code="lamp_off_at_night", creates_service_request=True
    ).exists()
    # A day of history for meters and stations, the latest state for every connected lamp.
    assert (
        ReadingAggregate.objects.filter(
            device__device_type="AirQualityObserved", period="h"
        ).count()
        >= 10 * 24
    )
    connected = sum(d.is_connected for d in lights)
    assert (
        DeviceState.objects.filter(device__device_type="StreetLight", quantity="powerState").count()
        == connected
    )


def test_the_same_seed_gives_the_same_readings(some_streets):
    first, second = CityModel(seed=3), CityModel(seed=3)
    first.devices_add(some_streets)
    second.devices_add(some_streets)
    assert first.readings(NIGHT) == second.readings(NIGHT)


def test_lamps_burn_at_night_and_rest_by_day_but_for_a_few_faults(some_streets):
    model = CityModel(seed=3)
    model.devices_add(some_streets)
    lamps = lambda moment: [v for d, v in model.readings(moment) if d.device_type == "StreetLight"]  # noqa: E731
    at_night = lamps(NIGHT)
    by_day = lamps(NOON)
    on_at_night = sum(v["powerState"] == "on" for v in at_night) / len(at_night)
    on_by_day = sum(v["powerState"] == "on" for v in by_day) / len(by_day)
    assert 0.95 < on_at_night < 1.0
    assert on_by_day < 0.02


def test_a_cabinet_meter_grows_by_its_lamps_energy(some_streets):
    model = CityModel(seed=3)
    model.devices_add(some_streets)
    cabinet = next(d for d in some_streets if d.device_type == "StreetlightControlCabinet")
    first = dict(model.readings(NIGHT))[cabinet]
    second = dict(model.readings(NIGHT + datetime.timedelta(hours=1)))[cabinet]
    assert first["activePower"] > 0
    assert second["energyConsumed"] - first["energyConsumed"] == pytest.approx(
        second["activePower"], rel=0.01
    )


@pytest.mark.django_db(transaction=True)
def test_the_simulator_posts_a_round_of_readings_to_a_running_platform(live_server, balti):
    lighting_demo.profiles_load()
    ingest.directory.clear()
    demo.devices_load(seed=7, days=1, progress=lambda _line: None)
    before = Reading.objects.count()
    token = demo.simulator_token_reset()
    out = io.StringIO()
    call_command("simulate", url=live_server.url, token=token, rounds=1, stdout=out)
    assert "'rejected': 0" in out.getvalue()
    connected = Device.objects.filter(is_connected=True).count()
    assert Reading.objects.count() > before + connected  # every device, several values each
