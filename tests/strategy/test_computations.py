from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from smartcity.service_requests.models import RequestUpdate, ServiceRequest
from smartcity.strategy import computations, services
from smartcity.strategy.models import Indicator, IndicatorValue, Level
from tests.factories import service_request_submit
from tests.strategy.conftest import node_add

NOW = datetime.datetime(2026, 11, 20, 12, 0, tzinfo=datetime.UTC)


def _report(
    hours_ago: float, *, closed_after: float | None = None, first_action_after=None, source="web"
):
    with time_machine.travel(NOW - datetime.timedelta(hours=hours_ago), tick=False):
        request = service_request_submit()
    requested = NOW - datetime.timedelta(hours=hours_ago)
    fields = {"source": source}
    if closed_after is not None:
        fields |= {
            "status": "closed",
            "closed_at": requested + datetime.timedelta(hours=closed_after),
        }
    ServiceRequest.objects.filter(pk=request.pk).update(**fields)
    if first_action_after is not None:
        RequestUpdate.objects.create(
            request=request,
            kind=RequestUpdate.Kind.STATUS,
            status="acknowledged",
            created_at=requested + datetime.timedelta(hours=first_action_after),
        )
    return request


def test_median_close_time_counts_requests_closed_in_the_last_90_days(balti):
    _report(100, closed_after=10)
    _report(200, closed_after=30)
    _report(300, closed_after=50)
    _report(24 * 200, closed_after=1)  # closed long before the window
    _report(5)  # still open
    assert computations.computation_value("requests_median_close_hours_90d", now=NOW) == Decimal(
        "30"
    )


def test_median_response_time_is_to_the_first_action_not_the_report_itself(balti):
    _report(50, first_action_after=2)
    _report(60, first_action_after=6)
    _report(70)  # nobody acted yet: not counted
    assert computations.computation_value("requests_median_response_hours_90d", now=NOW) == Decimal(
        "4"
    )


def test_online_share_leaves_devices_out(balti):
    _report(10)
    _report(11, source="open311")
    _report(12, source="staff")
    _report(13, source="device")
    value = computations.computation_value("requests_online_share_90d", now=NOW)
    assert value == Decimal(str(round(200 / 3, 4)))


def test_without_data_nothing_is_stored(balti):
    assert computations.computation_value("requests_median_close_hours_90d", now=NOW) is None


def test_every_demo_computation_is_registered():
    assert {
        "requests_online_share_90d",
        "categories_online_share",
        "requests_median_response_hours_90d",
        "requests_median_close_hours_90d",
        "street_lights_remote_share",
        "digitalisation_needs",
        "ideas_accepted",
        "joint_projects",
    } <= set(computations.REGISTRY)


@pytest.fixture
def computed(plan):
    node = node_add(plan, "P1", Level.PRIORITY)
    return Indicator.objects.create(
        plan=plan,
        node=node,
        code="C1",
        name_ro="Ponderea categoriilor",
        computation="categories_online_share",
    )


def test_the_periodic_job_records_one_value_per_day_with_its_date(computed):
    with time_machine.travel(NOW, tick=False):
        assert services.indicators_compute() == 1
        assert services.indicators_compute() == 1  # rerun the same day replaces
    with time_machine.travel(NOW + datetime.timedelta(days=1), tick=False):
        services.indicators_compute()
    values = list(IndicatorValue.objects.filter(indicator=computed).order_by("measured_on"))
    assert [v.measured_on for v in values] == [
        timezone.localdate(NOW),
        timezone.localdate(NOW) + datetime.timedelta(days=1),
    ]
    assert all(v.is_computed and v.entered_by is None for v in values)
    assert values[0].value == Decimal("100")  # every demo category is active


def test_the_task_runs_the_computations(computed):
    from smartcity.strategy import tasks

    tasks.indicators_compute.call()
    assert IndicatorValue.objects.filter(indicator=computed).count() == 1
