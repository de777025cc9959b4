"""A leak is suspected when water never stops flowing in the small hours, three nights
in a row."""

from __future__ import annotations

import datetime

import time_machine

from smartcity.devices import alerts
from smartcity.devices.alerts import CHECKS
from smartcity.devices.models import Alert
from smartcity.devices.services import alert_rule_ensure
from smartcity.utilities.checks import LEAK, leaks_failing
from smartcity.utilities.selectors import last_complete_night, leak_suspicions
from tests.utilities.conftest import NOW, local


def night(day: int, flows=(0.3, 0.25, 0.28)):
    """Flow readings at 02:30, 03:30 and 04:30 local time of a night, plus busy evenings."""
    readings = [
        (local(day, hour, 30), {"flow": flow}) for hour, flow in zip((2, 3, 4), flows, strict=True)
    ]
    return [*readings, (local(day, 19), {"flow": 2.5})]


def suspected():
    return [s.device.ref for s in leak_suspicions(now=NOW)]


def test_the_last_complete_night_is_todays_once_five_oclock_has_passed():
    assert last_complete_night(NOW) == datetime.date(2026, 11, 28)
    assert last_complete_night(local(28, 4, 59)) == datetime.date(2026, 11, 27)


def test_flow_all_night_three_nights_in_a_row_is_a_suspected_leak(water, send):
    send(water, night(26) + night(27) + night(28))
    found = leak_suspicions(now=NOW)
    assert [s.device for s in found] == [water]
    assert [day.day for day, _flow in found[0].nights] == [26, 27, 28]
    assert found[0].lowest == 0.25


def test_two_nights_of_flow_are_not_yet_a_suspicion(water, send):
    send(water, night(26, (0.3, 0.0, 0.3)) + night(27) + night(28))
    assert suspected() == []


def test_a_night_without_data_is_no_evidence_of_a_leak(water, send):
    send(water, night(25) + night(27) + night(28))
    assert suspected() == []


def test_a_trickle_under_the_threshold_is_not_a_leak(water, send):
    send(water, night(26, (0.015,) * 3) + night(27) + night(28))
    assert suspected() == []


def test_flow_stopping_only_outside_the_small_hours_does_not_clear_a_suspicion(water, send):
    send(water, night(26) + night(27) + night(28))
    send(water, [(local(28, 1, 30), {"flow": 0.0}), (local(28, 5, 30), {"flow": 0.0})])
    assert suspected() == ["WM-TEST-01"]


def test_the_leak_check_opens_an_alert_and_a_dry_night_closes_it(water, send):
    assert CHECKS[LEAK].device_type == "WaterConsumptionObserved"
    alert_rule_ensure(
        name="Scurgere suspectă",
        kind="check",
        device_type="WaterConsumptionObserved",
        check_code=LEAK,
    )
    send(water, night(26) + night(27) + night(28))
    message, value = leaks_failing(NOW)[water.pk]
    assert "scurgere" in message and "250" in message  # litres an hour, in Romanian
    alerts.periodic_rules_evaluate(NOW)
    alert = Alert.objects.get()
    assert (alert.device, alert.status, alert.value) == (water, "open", 0.25)

    next_morning = NOW + datetime.timedelta(hours=12)  # 10:00 on the 29th
    with time_machine.travel(next_morning, tick=False):
        send(water, night(29, (0.2, 0.0, 0.1))[:3])  # the evening is yet to come
        alerts.periodic_rules_evaluate(next_morning)
    alert.refresh_from_db()
    assert alert.status == "closed"
