"""Heat use is abnormal when a day is far above the building's usual."""

from __future__ import annotations

import datetime

import pytest

from smartcity.devices import alerts
from smartcity.devices.alerts import CHECKS
from smartcity.devices.models import Alert
from smartcity.devices.services import alert_rule_ensure
from smartcity.utilities.checks import HEAT_ABNORMAL, heat_failing
from smartcity.utilities.selectors import heat_anomalies, heat_anomaly_of
from tests.utilities.conftest import NOW, local


def history(days_used: list[float], last_day: int = 27):
    """Daily noon readings of the heat index, so that day n used days_used[n] kWh; the
    last value is the use of `last_day`."""
    first = datetime.date(2026, 11, last_day) - datetime.timedelta(days=len(days_used))
    index, readings = 250_000.0, []
    for offset, used in enumerate([0.0, *days_used]):
        day = first + datetime.timedelta(days=offset)
        index += used
        moment = datetime.datetime.combine(day, datetime.time(12), local(1, 0).tzinfo)
        readings.append((moment, {"thermalEnergy": index, "thermalPower": used / 24}))
    return readings


USUAL = [950.0, 1050.0] * 14  # 28 days: mean 1000, standard deviation 50


def test_a_day_far_above_the_usual_is_abnormal(heat, send):
    send(heat, history([*USUAL, 1400.0]))
    found = heat_anomalies(now=NOW)
    assert [a.device for a in found] == [heat]
    anomaly = found[0]
    assert anomaly.day == datetime.date(2026, 11, 27)
    assert (anomaly.consumption, anomaly.usual, anomaly.limit, anomaly.days) == (
        pytest.approx(1400.0),
        pytest.approx(1000.0),
        pytest.approx(1150.0),
        28,
    )


def test_a_day_within_three_standard_deviations_is_normal(heat, send):
    send(heat, history([*USUAL, 1140.0]))
    assert heat_anomalies(now=NOW) == []


def test_two_weeks_of_history_are_needed_before_judging(meter, send):
    young = meter("HM-TEST-01", "HeatMeter", "str. Decebal 3")
    older = meter("HM-TEST-02", "HeatMeter", "str. Decebal 5")
    send(young, history([*USUAL[:13], 5000.0]))
    send(older, history([*USUAL[:14], 5000.0]))
    assert [a.device for a in heat_anomalies(now=NOW)] == [older]


def test_a_flat_history_needs_a_tenth_more_than_usual_to_be_abnormal():
    flat = [1000.0] * 20
    assert heat_anomaly_of(flat, 1090.0) is None
    assert heat_anomaly_of(flat, 1110.0) == (1000.0, 1100.0)


def test_days_without_data_do_not_count_in_the_usual():
    assert heat_anomaly_of([None] * 20 + [1000.0] * 10, 5000.0) is None


def test_the_heat_check_opens_an_alert_in_romanian(heat, send):
    assert CHECKS[HEAT_ABNORMAL].device_type == "HeatMeter"
    alert_rule_ensure(
        name="Căldură", kind="check", device_type="HeatMeter", check_code=HEAT_ABNORMAL
    )
    send(heat, history([*USUAL, 1400.0]))
    message, value = heat_failing(NOW)[heat.pk]
    assert value == pytest.approx(1400.0)
    assert "de obicei" in message and "1400 kWh" in message
    alerts.periodic_rules_evaluate(NOW)
    assert Alert.objects.get().device == heat
