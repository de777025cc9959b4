"""The overflow check opens an alert (and a report) and closes it once emptied."""

from __future__ import annotations

import datetime

from smartcity.devices import alerts
from smartcity.devices.alerts import CHECKS
from smartcity.devices.models import Alert
from smartcity.devices.services import alert_rule_ensure
from smartcity.service_requests.models import ServiceRequest, Source
from smartcity.waste.checks import OVERFLOW, containers_overflowing
from tests.waste.conftest import NOW


def overflow_rule():
    return alert_rule_ensure(
        name="Container plin",
        kind="check",
        device_type="WasteContainer",
        check_code=OVERFLOW,
        service_category_code="container-overflow",
    )


def test_the_overflow_check_is_registered_when_the_app_starts():
    assert CHECKS[OVERFLOW].device_type == "WasteContainer"


def test_only_containers_at_or_above_full_fail_the_check(container, send):
    over = container("WC-T-01")
    brim = container("WC-T-02")
    send(over, [(NOW, 1.2)])
    send(brim, [(NOW, 1.0)])
    send(container("WC-T-03"), [(NOW, 0.99)])
    failing = containers_overflowing(NOW)
    assert set(failing) == {over.pk, brim.pk}
    message, value = failing[over.pk]
    assert value == 1.2
    assert "WC-T-01" in message and "120" in message


def test_an_overflow_opens_an_alert_and_a_report_and_emptying_closes_the_alert(
    container, send, django_capture_on_commit_callbacks
):
    rule = overflow_rule()
    # The report's category asks the type of container: the device's attribute answers.
    device = container("WC-T-01", container_type="glass")
    send(device, [(NOW, 1.1)])
    with django_capture_on_commit_callbacks(execute=True):
        alerts.periodic_rules_evaluate(NOW)
    alert = Alert.objects.get()
    assert (alert.rule, alert.device, alert.status) == (rule, device, "open")
    assert "supraplin" in alert.message  # written in Romanian for the city's staff
    request = ServiceRequest.objects.get()
    assert alert.service_request == request
    assert (request.category.code, request.department.slug) == ("container-overflow", "salubrizare")
    assert (request.source, request.device_id) == (Source.DEVICE, "WC-T-01")
    assert request.attributes == {"container_type": "glass"}

    # Still overflowing a minute later: the same alert, no second report.
    with django_capture_on_commit_callbacks(execute=True):
        alerts.periodic_rules_evaluate(NOW)
    assert (Alert.objects.count(), ServiceRequest.objects.count()) == (1, 1)

    send(device, [(NOW + datetime.timedelta(minutes=1), 0.03)])
    alerts.periodic_rules_evaluate(NOW)
    alert.refresh_from_db()
    assert alert.status == "closed"


def test_ensuring_the_rule_twice_keeps_one_rule(balti):
    first, second = overflow_rule(), overflow_rule()
    assert first.pk == second.pk
