"""Consumption per day is the difference of the meter's index between local days."""

from __future__ import annotations

import datetime

import pytest

from smartcity.utilities.selectors import daily_consumption
from tests.utilities.conftest import local

D = datetime.date


def uses(device, first, last):
    series = daily_consumption([device.pk], "consumption", first=first, last=last)[device.pk]
    return {u.day.day: None if u.value is None else round(u.value, 3) for u in series}


def test_a_days_consumption_is_its_highest_index_minus_the_day_befores(water, send):
    send(
        water,
        [
            (local(24, 10), {"consumption": 100.0}),
            (local(24, 20), {"consumption": 104.0}),
            (local(25, 8), {"consumption": 106.5}),
            (local(25, 21), {"consumption": 111.0}),
            (local(26, 12), {"consumption": 118.0}),
        ],
    )
    assert uses(water, D(2026, 11, 25), D(2026, 11, 26)) == {25: 7.0, 26: 7.0}


def test_a_reading_after_local_midnight_counts_for_the_new_day(water, send):
    # 00:30 in Bălți is still 22:30 UTC of the day before: the local day decides.
    send(
        water,
        [
            (local(25, 12), {"consumption": 95.0}),
            (local(26, 23, 30), {"consumption": 100.0}),
            (local(27, 0, 30), {"consumption": 101.0}),
            (local(27, 12), {"consumption": 103.0}),
        ],
    )
    assert local(27, 0, 30).astimezone(datetime.UTC).day == 26
    assert uses(water, D(2026, 11, 26), D(2026, 11, 27)) == {26: 5.0, 27: 3.0}


def test_a_day_without_an_index_the_day_before_has_no_consumption(water, send):
    send(water, [(local(24, 12), {"consumption": 50.0}), (local(26, 12), {"consumption": 58.0})])
    assert uses(water, D(2026, 11, 24), D(2026, 11, 27)) == {24: None, 25: None, 26: None, 27: None}


def test_a_replaced_meter_gives_no_negative_consumption(water, send):
    send(water, [(local(25, 12), {"consumption": 5000.0}), (local(26, 12), {"consumption": 3.0})])
    assert uses(water, D(2026, 11, 26), D(2026, 11, 26)) == {26: None}


def test_every_meter_asked_for_gets_every_day(water, heat, send):
    send(
        heat,
        [(local(26, 12), {"thermalEnergy": 1000.0}), (local(27, 12), {"thermalEnergy": 1800.0})],
    )
    found = daily_consumption(
        [water.pk, heat.pk], "thermalEnergy", first=D(2026, 11, 26), last=D(2026, 11, 27)
    )
    assert [u.value for u in found[heat.pk]] == [None, pytest.approx(800.0)]
    assert [u.value for u in found[water.pk]] == [None, None]
