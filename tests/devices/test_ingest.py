"""Readings are validated against their device's type and stored exactly once."""

from __future__ import annotations

import datetime

import pytest

from smartcity.devices import services
from smartcity.devices.ingest import TRUSTED, Credential, readings_ingest
from smartcity.devices.models import DeviceState, Reading, ReadingAggregate, RejectedReadings
from tests.conftest import iso
from tests.devices.conftest import NOW, at


def reading(device, moment, **values):
    return {"device": device.ref, "observedAt": iso(moment), "values": values}


def test_a_reading_updates_the_state_history_and_aggregates(lamp):
    result = readings_ingest(
        [reading(lamp, at(18, 5), powerState="on", activePower=61.5)], credential=TRUSTED
    )
    assert (result.accepted, result.duplicates, result.rejected) == (1, 0, [])
    assert Reading.objects.filter(device=lamp).count() == 2
    state = DeviceState.objects.get(device=lamp, quantity="powerState")
    assert (state.value, state.observed_at) == (1.0, at(18, 5))
    hour = ReadingAggregate.objects.get(device=lamp, quantity="activePower", period="h")
    assert (hour.start, hour.count, hour.total) == (at(18), 1, 61.5)


def test_a_reading_delivered_twice_is_stored_once(lamp):
    item = reading(lamp, at(18, 5), activePower=61.5)
    readings_ingest([item], credential=TRUSTED)
    again = readings_ingest([item, item], credential=TRUSTED)
    assert (again.accepted, again.duplicates) == (0, 2)
    assert Reading.objects.filter(device=lamp).count() == 1
    hour = ReadingAggregate.objects.get(device=lamp, quantity="activePower", period="h")
    assert (hour.count, hour.total) == (1, 61.5)


def test_a_copy_within_one_batch_counts_once_in_the_aggregates(lamp):
    item = reading(lamp, at(18, 5), activePower=60.0)
    result = readings_ingest([item, item], credential=TRUSTED)
    assert (result.accepted, result.duplicates) == (1, 1)
    day = ReadingAggregate.objects.get(device=lamp, quantity="activePower", period="d")
    assert day.count == 1


def test_a_mixed_batch_stores_only_its_new_readings_once_each(
    lamp, station, monkeypatch, django_capture_on_commit_callbacks
):
    from smartcity.devices import ingest

    readings_ingest([reading(lamp, at(18, 10), activePower=50.0)], credential=TRUSTED)
    handed_on = []
    monkeypatch.setattr(ingest, "readings_stored", handed_on.extend)
    batch = [
        reading(lamp, at(18, 30), activePower=70.0, powerState="on"),
        reading(lamp, at(18, 10), activePower=50.0),  # stored before
        reading(station, at(17, 55), pm25=12.0),
        reading(lamp, at(18, 20), activePower=30.0, powerState="off"),  # older, late
        reading(lamp, at(18, 30), activePower=99.0, powerState="on"),  # a copy of the first
        reading(station, at(18, 5), pm25=20.0),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        result = readings_ingest(batch, credential=TRUSTED)
    assert (result.accepted, result.duplicates, result.values) == (4, 2, 6)
    assert sorted((r.device_id, r.quantity, r.observed_at, r.value) for r in handed_on) == sorted(
        [
            (lamp.pk, "activePower", at(18, 30), 70.0),
            (lamp.pk, "powerState", at(18, 30), 1.0),
            (station.pk, "pm25", at(17, 55), 12.0),
            (lamp.pk, "activePower", at(18, 20), 30.0),
            (lamp.pk, "powerState", at(18, 20), 0.0),
            (station.pk, "pm25", at(18, 5), 20.0),
        ]
    )
    assert (
        Reading.objects.get(device=lamp, quantity="activePower", observed_at=at(18, 30)).value
        == 70.0
    )
    power = DeviceState.objects.get(device=lamp, quantity="activePower")
    assert (power.value, power.observed_at) == (70.0, at(18, 30))
    assert DeviceState.objects.get(device=station, quantity="pm25").value == 20.0
    hour = ReadingAggregate.objects.get(device=lamp, quantity="activePower", period="h")
    assert (hour.count, hour.total, hour.minimum, hour.maximum) == (3, 150.0, 30.0, 70.0)
    station_hours = ReadingAggregate.objects.filter(device=station, period="h").order_by("start")
    assert [(h.start, h.count, h.total) for h in station_hours] == [
        (at(17), 1, 12.0),
        (at(18), 1, 20.0),
    ]
    day = ReadingAggregate.objects.get(device=station, quantity="pm25", period="d")
    assert (day.count, day.total) == (2, 32.0)


def test_aggregates_keep_count_sum_minimum_and_maximum(lamp):
    readings_ingest(
        [reading(lamp, at(18, m), activePower=p) for m, p in ((0, 50.0), (20, 70.0), (40, 60.0))],
        credential=TRUSTED,
    )
    readings_ingest([reading(lamp, at(18, 50), activePower=40.0)], credential=TRUSTED)
    hour = ReadingAggregate.objects.get(device=lamp, quantity="activePower", period="h")
    assert (hour.count, hour.total, hour.minimum, hour.maximum) == (4, 220.0, 40.0, 70.0)


def test_days_are_the_citys_local_days(lamp):
    # 22:30 UTC on 27 November is 00:30 on 28 November in Bălți (UTC+2 in winter).
    readings_ingest([reading(lamp, at(22, 30, day=27), activePower=50.0)], credential=TRUSTED)
    day = ReadingAggregate.objects.get(device=lamp, quantity="activePower", period="d")
    assert day.start == at(22, day=27)


def test_an_older_reading_arriving_late_does_not_move_the_state_back(lamp):
    readings_ingest([reading(lamp, at(19), powerState="on")], credential=TRUSTED)
    readings_ingest([reading(lamp, at(18), powerState="off")], credential=TRUSTED)
    state = DeviceState.objects.get(device=lamp, quantity="powerState")
    assert (state.value, state.observed_at) == (1.0, at(19))
    assert Reading.objects.filter(device=lamp).count() == 2


@pytest.mark.parametrize(
    ("values", "moment", "reason"),
    [
        ({"activePower": 9000}, at(18), "impossible_value"),
        ({"activePower": "a lot"}, at(18), "impossible_value"),
        ({"powerState": "blinking"}, at(18), "impossible_value"),
        ({"activePower": {"value": 60, "unitCode": "KWT"}}, at(18), "wrong_unit"),
        ({"colour": "red"}, at(18), "unknown_quantity"),
        ({"activePower": 60}, NOW + datetime.timedelta(hours=1), "future_time"),
        ({}, at(18), "malformed"),
    ],
)
def test_a_bad_value_refuses_the_whole_reading_and_is_counted(lamp, values, moment, reason):
    good = {"illuminanceLevel": 1.0}
    item = reading(lamp, moment, **good, **values) if values else reading(lamp, moment)
    result = readings_ingest([item], credential=TRUSTED)
    assert result.accepted == 0
    assert [r.reason for r in result.rejected] == [reason]
    assert not Reading.objects.exists()  # not even the good dimming level
    assert RejectedReadings.objects.get(device_ref=lamp.ref, reason=reason).count == 1


def test_times_without_a_zone_and_unknown_devices_are_refused(lamp):
    result = readings_ingest(
        [
            {"device": lamp.ref, "observedAt": "2026-11-28T18:00:00", "values": {"activePower": 1}},
            {"device": "SL-NOBODY", "observedAt": iso(at(18)), "values": {"activePower": 1}},
            "not an object",
            reading(lamp, at(18), activePower=55.0),
        ],
        credential=TRUSTED,
    )
    assert [(r.index, r.reason) for r in result.rejected] == [
        (0, "bad_time"),
        (1, "unknown_device"),
        (2, "malformed"),
    ]
    assert result.accepted == 1
    assert RejectedReadings.objects.get(device_ref="SL-NOBODY").count == 1


def test_refusals_add_up_per_device_and_reason(lamp):
    for _ in range(3):
        readings_ingest([reading(lamp, at(18), activePower=-1)], credential=TRUSTED)
    assert RejectedReadings.objects.get(device_ref=lamp.ref).count == 3


def test_a_device_token_sends_only_for_its_device(lamp, station):
    credential = Credential(device_id=lamp.pk)
    result = readings_ingest(
        [reading(station, at(18), pm25=12.0), reading(lamp, at(18), activePower=60.0)],
        credential=credential,
    )
    assert [r.reason for r in result.rejected] == ["forbidden"]
    assert result.accepted == 1


def test_a_gateway_token_sends_for_the_devices_behind_it(lamp, station):
    gateway, _token = services.gateway_create(name="Centru gateway")
    lamp.gateway = gateway
    lamp.save()
    services.device_register(
        ref=lamp.ref,
        device_type=lamp.device_type,
        latitude=lamp.latitude,
        longitude=lamp.longitude,
        gateway=gateway,
    )
    result = readings_ingest(
        [reading(lamp, at(18), activePower=60.0), reading(station, at(18), pm25=1.0)],
        credential=Credential(gateway_id=gateway.pk),
    )
    assert result.accepted == 1
    assert [r.device for r in result.rejected] == [station.ref]


def test_a_burst_from_one_device_is_refused_beyond_the_limit(lamp, settings, monkeypatch):
    from smartcity.devices import ingest

    monkeypatch.setattr(ingest.burst_guard, "per_minute", 5)
    items = [reading(lamp, at(18, m), activePower=60.0) for m in range(8)]
    result = readings_ingest(items, credential=TRUSTED)
    assert result.accepted == 5
    assert {r.reason for r in result.rejected} == {"burst"}
    assert RejectedReadings.objects.get(device_ref=lamp.ref, reason="burst").count == 3


def test_readings_older_than_retention_are_refused(lamp, settings):
    old = NOW - datetime.timedelta(days=settings.SMARTCITY_RAW_READINGS_DAYS + 1)
    result = readings_ingest([reading(lamp, old, activePower=60.0)], credential=TRUSTED)
    assert [r.reason for r in result.rejected] == ["too_old"]


def test_pruning_drops_old_raw_readings_but_keeps_the_aggregates(lamp):
    readings_ingest(
        [reading(lamp, at(10, day=d), activePower=60.0) for d in (1, 20, 28)], credential=TRUSTED
    )
    cutoff = at(0, day=21)
    assert services.raw_readings_prune(older_than=cutoff, dry_run=True) == 2
    assert services.raw_readings_prune(older_than=cutoff, batch_size=1) == 2
    assert list(Reading.objects.values_list("observed_at", flat=True)) == [at(10, day=28)]
    assert ReadingAggregate.objects.filter(period="d").count() == 3


def test_readings_sharing_a_bad_time_are_each_refused(lamp):
    future = iso(NOW + datetime.timedelta(hours=1))
    items = [{"device": lamp.ref, "observedAt": future, "values": {"activePower": 1.0}}] * 2
    items.append({"device": lamp.ref, "observedAt": iso(at(18)), "values": {"activePower": 2.0}})
    result = readings_ingest(items, credential=TRUSTED)
    assert [r.reason for r in result.rejected] == ["future_time", "future_time"]
    assert result.accepted == 1


@pytest.mark.parametrize("raw", [float("nan"), float("inf"), True, 501, -0.5])
def test_numbers_that_are_not_possible_powers_are_refused(raw):
    from smartcity.devices.ingest import ReadingRefusedError, quantity_value
    from smartcity.devices.types import STREET_LIGHT

    with pytest.raises(ReadingRefusedError):
        quantity_value(STREET_LIGHT.quantities["activePower"], raw)
