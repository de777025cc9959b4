"""Staff rules on readings open alerts, which close when the condition clears."""

from __future__ import annotations

import datetime

import pytest

from smartcity.devices import alerts, services
from smartcity.devices.ingest import TRUSTED, readings_ingest
from smartcity.devices.models import Alert, AlertRule
from smartcity.service_requests.models import ServiceCategory, ServiceRequest, Source
from tests.conftest import iso
from tests.devices.conftest import NOW, at


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    def send(device, moment, **values):
        # Rules run after the commit, as they do outside tests.
        with django_capture_on_commit_callbacks(execute=True):
            readings_ingest(
                [{"device": device.ref, "observedAt": iso(moment), "values": values}],
                credential=TRUSTED,
            )

    return send


def rule(**fields):
    made = AlertRule(**{"name": "rule", "severity": "warning", **fields})
    services.alert_rule_validate(made)
    made.save()
    alerts.rulebook.clear()
    return made


def test_a_threshold_opens_an_alert_once_and_it_closes_when_values_return(station, send):
    pm = rule(
        name="PM2.5 high",
        kind="threshold",
        device_type="AirQualityObserved",
        quantity="pm25",
        operator=">",
        threshold=50,
    )
    send(station, at(17), pm25=20.0)
    assert not Alert.objects.exists()
    send(station, at(18), pm25=80.0)
    send(station, at(18, 10), pm25=90.0)
    alert = Alert.objects.get()
    assert (alert.rule, alert.status, alert.value) == (pm, "open", 80.0)
    assert "PM2.5 high" in alert.message
    send(station, at(19), pm25=30.0)
    alert.refresh_from_db()
    assert alert.status == "closed"
    assert alert.closed_at is not None


def test_an_acknowledged_alert_stays_active_until_the_condition_clears(station, send, admin_user):
    rule(
        kind="threshold",
        device_type="AirQualityObserved",
        quantity="no2",
        operator=">=",
        threshold=200,
    )
    send(station, at(18), no2=250.0)
    alert = services.alert_acknowledge(alert=Alert.objects.get(), user=admin_user)
    assert (alert.status, alert.acknowledged_by) == ("acknowledged", admin_user)
    send(station, at(18, 30), no2=260.0)
    assert Alert.objects.count() == 1
    send(station, at(19), no2=40.0)
    assert Alert.objects.get().status == "closed"


def test_a_rule_for_one_device_ignores_the_others(lamp, station, send, balti):
    other = services.device_register(
        ref="AQ-TEST-02", device_type="AirQualityObserved", latitude=47.765, longitude=27.93
    )
    rule(
        kind="threshold",
        device_type="AirQualityObserved",
        device=other,
        quantity="pm10",
        operator=">",
        threshold=100,
    )
    send(station, at(18), pm10=300.0)
    assert not Alert.objects.exists()
    send(other, at(18), pm10=300.0)
    assert Alert.objects.get().device == other


def test_a_fast_rise_opens_a_rate_of_change_alert(station, send):
    rule(
        kind="rate", device_type="AirQualityObserved", quantity="temperature", max_change_per_hour=5
    )
    send(station, at(17), temperature=2.0)
    send(station, at(18), temperature=4.0)
    assert not Alert.objects.exists()
    send(station, at(18, 30), temperature=12.0)  # 8 degrees in half an hour
    assert Alert.objects.get().status == "open"
    send(station, at(19, 30), temperature=13.0)
    assert Alert.objects.get().status == "closed"


def test_a_silent_device_raises_an_alert_and_data_clears_it(lamp, send):
    rule(kind="silence", device_type="StreetLight", minutes=30)
    send(lamp, NOW - datetime.timedelta(hours=2), powerState="on")
    alerts.periodic_rules_evaluate(NOW)
    alert = Alert.objects.get()
    assert "30" in alert.message
    send(lamp, NOW - datetime.timedelta(minutes=1), powerState="on")
    alerts.periodic_rules_evaluate(NOW)
    alert.refresh_from_db()
    assert alert.status == "closed"


def test_a_lamp_its_controller_reports_faulty_becomes_a_lighting_request(lamp, send):
    category = ServiceCategory.objects.get(code="street-light-out")
    rule(
        name="Lampă defectă",
        kind="threshold",
        device_type="StreetLight",
        quantity="status",
        operator="!=",
        threshold=0,
        creates_service_request=True,
        service_category=category,
    )
    send(lamp, at(18), status="ok")
    send(lamp, at(18, 5), status="defectiveLamp")
    alert = Alert.objects.get()
    request = ServiceRequest.objects.get()
    assert alert.service_request == request
    assert (request.category, request.source, request.device_id) == (
        category,
        Source.DEVICE,
        lamp.ref,
    )
    assert request.department.slug == "iluminat"
    assert (request.latitude, request.longitude) == (lamp.latitude, lamp.longitude)
    assert "defectiveLamp" in request.description
    # Opening the request again for the same alert does nothing.
    services.alert_service_request_open(alert_id=alert.pk)
    assert ServiceRequest.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "threshold", "quantity": "pm25", "operator": ">"}, "threshold"),
        ({"kind": "threshold", "quantity": "colour", "operator": ">", "threshold": 1}, "quantity"),
        ({"kind": "silence"}, "minutes"),
        ({"kind": "rate", "quantity": "pm25"}, "max_change_per_hour"),
        ({"kind": "check", "check_code": "no-such-check"}, "check_code"),
        ({"kind": "silence", "minutes": 5, "creates_service_request": True}, "service_category"),
    ],
)
def test_an_incomplete_rule_is_refused_naming_what_is_missing(balti, fields, field):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.alert_rule_validate(
            AlertRule(name="x", device_type="AirQualityObserved", **fields)
        )
    assert field in refused.value.message_dict
