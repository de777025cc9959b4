"""The demo containers: placed in their districts, alive, the same for the same seed."""

from __future__ import annotations

from smartcity.devices.models import AlertRule
from smartcity.devices.selectors import devices_current
from smartcity.devices.services import gateway_create
from smartcity.waste import demo, selectors
from tests.waste.conftest import NOW


def snapshot():
    return sorted(
        (
            v.device.ref,
            v.device.latitude,
            v.device.longitude,
            v.device.district.slug,
            v.value("fillingLevel"),
        )
        for v in devices_current(device_type="WasteContainer")
    )


def test_the_demo_spreads_containers_over_districts_with_fresh_levels(balti):
    made = demo.waste_load(seed=3, containers=60, days=9, now=NOW, progress=lambda _m: None)
    views = devices_current(device_type="WasteContainer")
    assert made == len(views) >= 55
    assert len({v.device.district.slug for v in views}) >= 8
    assert all(v.device.ref.split("-")[1].lower() in v.device.district.slug for v in views)
    assert all(v.states["fillingLevel"].observed_at == NOW for v in views)
    rates = selectors.fill_rates([v.device.pk for v in views], now=NOW)
    assert len(rates) == made
    assert all(0.04 < r < 0.35 for r in rates.values())
    assert AlertRule.objects.get(check_code="container_overflow").creates_service_request


def test_the_same_seed_gives_the_same_containers(balti):
    demo.waste_load(seed=5, containers=20, days=3, now=NOW, progress=lambda _m: None)
    first = snapshot()
    demo.waste_load(seed=5, containers=20, days=3, now=NOW, progress=lambda _m: None)
    assert snapshot() == first


def test_demo_containers_can_be_handed_to_the_simulators_gateway(balti):
    gateway, _token = gateway_create(name="Simulator", writes_any_device=True)
    demo.waste_load(
        seed=5, containers=12, days=2, now=NOW, gateway=gateway, progress=lambda _m: None
    )
    views = devices_current(device_type="WasteContainer")
    assert views and all(v.device.gateway == gateway for v in views)
