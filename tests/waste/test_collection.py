"""Which containers are due for collection, from their level now and how fast they fill."""

from __future__ import annotations

import datetime

import pytest

from smartcity.waste import selectors
from tests.waste.conftest import NOW

LOCAL = datetime.timezone(datetime.timedelta(hours=2))  # Bălți in winter


def steady(level_now: float, rate: float, days: int = 5, every_hours: int = 6):
    """Readings of a container rising at `rate` a day and never emptied, ending now."""
    start = datetime.datetime(2026, 11, 28 - days, 0, 0, tzinfo=LOCAL)
    readings = []
    moment = start
    while moment <= NOW:
        age = (NOW - moment).total_seconds() / 86400
        readings.append((moment, round(level_now - rate * age, 4)))
        moment += datetime.timedelta(hours=every_hours)
    return [*readings, (NOW, level_now)]


def sawtooth(rate: float, emptied_on=(1, 3, 5), days: int = 9):
    """Hourly readings of a container emptied at 07:00 local on `emptied_on` weekdays."""
    moment = datetime.datetime(2026, 11, 28 - days, 0, 0, tzinfo=LOCAL)
    level, readings = 0.3, []
    while moment <= NOW:
        if moment.isoweekday() in emptied_on and moment.hour == 7:
            level = 0.02
        readings.append((moment, round(level, 4)))
        level += rate / 24
        moment += datetime.timedelta(hours=1)
    return readings


def due_refs(**kwargs):
    items = selectors.containers(now=NOW)
    return {
        d.container.device.ref: d.reason
        for d in selectors.due_for_collection(items, now=NOW, **kwargs)
    }


def test_a_container_at_the_threshold_is_due_and_one_below_is_not(container, send):
    send(container("WC-T-01"), [(NOW, 0.85)])
    send(container("WC-T-02"), [(NOW, 0.79)])
    send(container("WC-T-03"), [(NOW, 0.80)])
    assert due_refs() == {"WC-T-01": "full", "WC-T-03": "full"}
    assert due_refs(threshold=0.9) == {}


def test_a_container_without_readings_is_never_due(container):
    container("WC-T-01")
    assert due_refs() == {}


def test_the_fill_rate_is_read_from_the_daily_aggregates(container, send):
    fast = container("WC-T-01")
    send(fast, steady(0.65, 0.10))
    assert selectors.fill_rates([fast.pk], now=NOW) == {fast.pk: pytest.approx(0.10, abs=1e-3)}


def test_emptying_days_do_not_distort_the_fill_rate(container, send):
    emptied = container("WC-T-01")
    send(emptied, sawtooth(0.2))
    rate = selectors.fill_rates([emptied.pk], now=NOW)[emptied.pk]
    assert rate == pytest.approx(0.2, rel=0.02)


def test_a_container_that_will_pass_the_threshold_before_its_next_collection_is_due(
    container, send
):
    # Saturday evening; the next collection day is Monday, two days away.
    send(container("WC-T-01"), steady(0.65, 0.10))  # 0.85 by Monday
    send(container("WC-T-02"), steady(0.65, 0.02))  # 0.69 by Monday
    # Collected on Sundays too: 0.75 tomorrow, still under the threshold.
    send(container("WC-T-03", collectionDays=[7]), steady(0.65, 0.10))
    assert due_refs() == {"WC-T-01": "predicted"}
    due = selectors.due_for_collection(selectors.containers(now=NOW), now=NOW)[0]
    assert due.next_collection == datetime.date(2026, 11, 30)
    assert due.predicted == pytest.approx(0.85, abs=0.01)


def test_a_container_with_too_little_history_has_no_rate_and_only_its_level_counts(container, send):
    young = container("WC-T-01")
    send(young, [(NOW - datetime.timedelta(hours=h), 0.7 - h * 0.01) for h in range(0, 30, 3)])
    assert selectors.fill_rates([young.pk], now=NOW) == {}
    assert due_refs() == {}


def test_the_next_collection_day_follows_the_weekly_schedule():
    saturday = datetime.date(2026, 11, 28)
    assert selectors.next_collection(saturday, (1, 3, 5)) == datetime.date(2026, 11, 30)
    assert selectors.next_collection(saturday, (6,)) == datetime.date(2026, 12, 5)


def test_the_collection_list_of_a_district_is_a_round_trip_through_its_due_containers(
    container, send, balti
):
    # Three full containers east of the city hall, one far out, one not due.
    full = [
        container("WC-T-01", 47.7612, 27.9300),
        container("WC-T-02", 47.7612, 27.9330),
        container("WC-T-03", 47.7612, 27.9315),
    ]
    for device in full:
        send(device, [(NOW, 0.9)])
    send(container("WC-T-04", 47.7612, 27.9320), [(NOW, 0.2)])
    district = full[0].district
    assert all(d.district == district for d in full)
    plan = selectors.collection_list(
        district=district, now=NOW, depot=selectors.Depot("Depou", 47.7612, 27.9200)
    )
    assert [s.due.container.device.ref for s in plan.stops] == ["WC-T-01", "WC-T-03", "WC-T-02"]
    assert plan.containers == 4
    assert plan.length_m == pytest.approx(sum(s.leg_m for s in plan.stops) + plan.return_m)
    # Along one street, the way back is as long as the way out.
    assert plan.return_m == pytest.approx(sum(s.leg_m for s in plan.stops), rel=1e-4)
