"""The demo meters: blocks with a water and a heat meter, a month of data, a few
suspicions; the same for the same seed."""

from __future__ import annotations

from smartcity.devices.models import AlertRule
from smartcity.devices.selectors import devices_current
from smartcity.devices.services import gateway_create
from smartcity.utilities import demo, selectors
from tests.utilities.conftest import NOW


def load(seed, buildings, days=30, gateway=None):
    return demo.utilities_load(
        seed=seed,
        buildings=buildings,
        days=days,
        now=NOW,
        gateway=gateway,
        progress=lambda _m: None,
    )


def test_the_demo_blocks_have_meters_with_daily_use_and_a_few_suspicions(balti):
    made = load(seed=4, buildings=30)
    blocks = selectors.buildings()
    assert made == len(blocks) >= 28
    assert all(len(b.meters) == 2 and b.apartments for b in blocks)
    assert len({b.district for b in blocks}) >= 6
    leaks = selectors.leak_suspicions(now=NOW)
    anomalies = selectors.heat_anomalies(now=NOW)
    assert len(leaks) == max(1, made // 30)
    assert len(anomalies) == max(1, made // 50)
    history = selectors.building_history(blocks[0], now=NOW)
    water = next(h for h in history if h.unit == "m³")
    per_apartment = [d.value / blocks[0].apartments for d in water.days[1:-1]]
    assert all(0.12 < v < 0.35 for v in per_apartment)  # litres of a block of flats
    assert set(AlertRule.objects.values_list("check_code", flat=True)) == {
        "water_leak_suspected",
        "heat_use_abnormal",
    }


def test_the_same_seed_gives_the_same_meters(balti):
    load(seed=9, buildings=6, days=2)
    first = sorted(
        (v.device.ref, v.device.attributes["building"], v.value("consumption"))
        for v in devices_current(device_type="WaterConsumptionObserved")
    )
    load(seed=9, buildings=6, days=2)
    again = sorted(
        (v.device.ref, v.device.attributes["building"], v.value("consumption"))
        for v in devices_current(device_type="WaterConsumptionObserved")
    )
    assert again == first and len(first) == 6


def test_demo_meters_can_be_handed_to_the_simulators_gateway(balti):
    gateway, _token = gateway_create(name="Simulator", writes_any_device=True)
    made = load(seed=9, buildings=4, days=2, gateway=gateway)
    meters = [m for b in selectors.buildings() for m in b.meters]
    assert len(meters) == 2 * made and all(m.gateway == gateway for m in meters)
