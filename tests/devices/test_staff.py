"""The back office of the data hub: staff see their alerts and set the rules."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from smartcity.devices import alerts
from smartcity.devices.ingest import TRUSTED, readings_ingest
from smartcity.devices.models import Alert, AlertRule
from tests.conftest import iso
from tests.devices.conftest import at


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def lamp_alert(lamp):
    rule = AlertRule.objects.create(
        name="Lamp reports a fault",
        kind="threshold",
        device_type="StreetLight",
        quantity="status",
        operator="!=",
        threshold=0,
    )
    alerts.rulebook.clear()
    alerts.alert_open(rule=rule, device_id=lamp.pk, message="SL-TEST-0001: defective", value=1.0)
    return Alert.objects.get()


def test_lighting_staff_see_and_acknowledge_their_alerts(client, lamp_alert):
    login(client, "iluminat")
    body = client.get("/staff/alerts/").content.decode()
    assert "SL-TEST-0001: defective" in body
    response = client.post(f"/staff/alerts/{lamp_alert.pk}/acknowledge", {"next": "/staff/alerts/"})
    assert response.status_code == 302
    lamp_alert.refresh_from_db()
    assert lamp_alert.status == "acknowledged"
    client.post(f"/staff/alerts/{lamp_alert.pk}/close")
    lamp_alert.refresh_from_db()
    assert lamp_alert.status == "closed"
    assert "SL-TEST-0001" in client.get("/staff/alerts/?status=closed").content.decode()


def test_other_departments_do_not_see_lighting_alerts(client, lamp_alert):
    login(client, "drumuri")
    assert "SL-TEST-0001" not in client.get("/staff/alerts/").content.decode()
    assert client.post(f"/staff/alerts/{lamp_alert.pk}/close").status_code == 404


def test_staff_of_no_department_see_no_alerts_not_those_of_devices_without_one(
    client, lamp_alert, lamp
):
    from smartcity.city.models import StaffMember

    lamp.department = None
    lamp.save(update_fields=["department"])
    user = get_user_model().objects.create_user("fara-directie")
    StaffMember.objects.create(user=user, role=StaffMember.Role.DEPARTMENT_STAFF)
    login(client, "fara-directie")
    assert "SL-TEST-0001" not in client.get("/staff/alerts/").content.decode()
    assert client.post(f"/staff/alerts/{lamp_alert.pk}/close").status_code == 404


def test_residents_are_sent_to_log_in(client, balti):
    response = client.get("/staff/alerts/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_dispatchers_see_refused_readings(client, lamp):
    readings_ingest(
        [{"device": "SL-NOBODY", "observedAt": iso(at(18)), "values": {"x": 1}}], credential=TRUSTED
    )
    body = login(client, "dispecer").get("/staff/alerts/").content.decode()
    assert "SL-NOBODY" in body and "unknown device" in body


def test_lighting_staff_set_a_rule_with_a_state_threshold(client, lamp):
    login(client, "iluminat")
    response = client.post(
        "/staff/alerts/rules/new/",
        {
            "name": "Broken lantern",
            "kind": "threshold",
            "device_type": "StreetLight",
            "quantity": "status",
            "operator": "==",
            "threshold_text": "brokenLantern",
            "severity": "warning",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    rule = AlertRule.objects.get(name="Broken lantern")
    assert rule.threshold == 3.0 and rule.created_by.username == "iluminat"
    assert "Broken lantern" in client.get("/staff/alerts/rules/").content.decode()


def test_a_rule_form_explains_what_is_missing(client, lamp):
    login(client, "admin")
    response = client.post(
        "/staff/alerts/rules/new/",
        {"name": "Quiet", "kind": "silence", "device_type": "StreetLight", "severity": "warning"},
    )
    assert response.status_code == 200
    assert "Say after how many minutes without data to alert." in response.content.decode()
    response = client.post(
        "/staff/alerts/rules/new/",
        {
            "name": "Odd",
            "kind": "threshold",
            "device_type": "StreetLight",
            "quantity": "status",
            "operator": "==",
            "threshold_text": "purple",
            "severity": "warning",
        },
    )
    assert (
        "Choose one of: ok, defectiveLamp, columnIssue, brokenLantern." in response.content.decode()
    )
    assert not AlertRule.objects.exists()


def test_staff_may_not_set_rules_for_another_departments_devices(client, lamp):
    login(client, "drumuri")
    response = client.post(
        "/staff/alerts/rules/new/",
        {
            "name": "Mine now",
            "kind": "silence",
            "device_type": "StreetLight",
            "minutes": "10",
            "severity": "warning",
        },
    )
    assert response.status_code == 403
    assert not AlertRule.objects.exists()
