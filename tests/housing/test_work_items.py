"""What the meters suspect (a leak, abnormal heat use) becomes one work item for the
block's manager, however often the hub is asked."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from smartcity.devices import services as device_services
from smartcity.housing import suspicions, tasks
from smartcity.housing.models import WorkItem
from tests.housing.conftest import NOW, staff_login

LOCAL = datetime.timezone(datetime.timedelta(hours=2))


def local(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=LOCAL)


def night(day: int, flow: float = 0.3):
    return [(local(day, hour, 30), {"flow": flow}) for hour in (2, 3, 4)]


@pytest.fixture
def water(blocks, device_caches_fresh):
    return device_services.device_register(
        ref="WM-TEST-01",
        device_type="WaterConsumptionObserved",
        latitude=47.7625,
        longitude=27.9300,
        attributes={"building": "str. Independenței 12", "apartments": 60},
    )


def test_a_leak_suspicion_opens_one_work_item_for_the_blocks_manager(
    water, blocks, manager, readings_store
):
    readings_store(water.ref, night(5) + night(6) + night(7))
    assert tasks.work_items_from_suspicions.call() == 1
    assert tasks.work_items_from_suspicions.call() == 0
    item = WorkItem.objects.get()
    assert (item.block, item.manager, item.kind) == (blocks["independentei-12"], manager, "leak")
    assert (item.first_seen, item.last_seen) == (datetime.date(2026, 12, 5), NOW.date())


def test_the_same_leak_seen_a_night_later_is_still_the_same_work_item(
    water, blocks, readings_store
):
    readings_store(water.ref, night(5) + night(6) + night(7))
    suspicions.work_items_open_all(now=NOW)
    item = WorkItem.objects.get()
    item.status = WorkItem.Status.DONE
    item.save()
    with time_machine.travel(NOW + datetime.timedelta(days=1), tick=False):
        readings_store(water.ref, night(8))
        assert suspicions.work_items_open_all() == 0
    item.refresh_from_db()
    assert item.last_seen == datetime.date(2026, 12, 8)


def test_a_leak_back_after_nights_without_one_is_a_new_work_item(water, blocks, readings_store):
    readings_store(water.ref, night(1) + night(2) + night(3))
    assert suspicions.work_items_open_all(now=local(3, 10)) == 1
    readings_store(water.ref, night(4, 0.0) + night(5) + night(6) + night(7))
    assert suspicions.work_items_open_all(now=NOW) == 1
    assert WorkItem.objects.count() == 2


def test_a_meter_of_an_unregistered_building_opens_nothing(
    blocks, readings_store, device_caches_fresh
):
    meter = device_services.device_register(
        ref="WM-ELSEWHERE",
        device_type="WaterConsumptionObserved",
        latitude=47.7625,
        longitude=27.9300,
        attributes={"building": "str. Kiev 1"},
    )
    readings_store(meter.ref, night(5) + night(6) + night(7))
    assert suspicions.work_items_open_all(now=NOW) == 0
    assert not WorkItem.objects.exists()


def test_abnormal_heat_use_opens_a_work_item_too(blocks, readings_store, device_caches_fresh):
    heat = device_services.device_register(
        ref="HM-TEST-01",
        device_type="HeatMeter",
        latitude=47.7625,
        longitude=27.9300,
        attributes={"building": "str. Decebal 12", "apartments": 60},
    )
    # 20 ordinary days of 900 kWh, then 3000 kWh yesterday (6 December).
    index, readings = 5000.0, []
    for offset in range(21, 0, -1):
        day = NOW - datetime.timedelta(days=offset)
        index += 3000.0 if offset == 1 else 900.0
        readings.append((day.replace(hour=10), {"thermalEnergy": index}))
    readings_store(heat.ref, readings)
    assert suspicions.work_items_open_all(now=NOW) == 1
    item = WorkItem.objects.get()
    assert (item.kind, item.block) == ("heat", blocks["decebal-12"])


def test_the_housing_directorate_works_through_the_queue(client, water, blocks, readings_store):
    readings_store(water.ref, night(5) + night(6) + night(7))
    suspicions.work_items_open_all(now=NOW)
    item = WorkItem.objects.get()
    staff_login(client, "locativ")
    html = client.get(reverse("housing:work")).content.decode()
    assert "str. Independenței 12" in html and "WM-TEST-01" in html
    client.post(
        reverse("housing:work_item", args=[item.pk]), {"status": "done", "note": "Robinet schimbat"}
    )
    item.refresh_from_db()
    assert (item.status, item.note, item.closed_at) == ("done", "Robinet schimbat", NOW)
    assert "WM-TEST-01" not in client.get(reverse("housing:work")).content.decode()


def test_the_lighting_service_has_no_access_to_the_queue(client, blocks):
    staff_login(client, "iluminat")
    assert client.get(reverse("housing:work")).status_code == 403
    assert (
        client.post(reverse("housing:work_item", args=[1]), {"status": "done"}).status_code == 403
    )
