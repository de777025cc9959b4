"""The open data portal's tests run at a fixed time, on a clean data hub."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model

from smartcity.devices import alerts, ingest
from smartcity.devices.ingest import TRUSTED, readings_ingest
from smartcity.service_requests import services as request_services
from tests.factories import service_request_submit

# Sunday 29 November 2026, 12:00 UTC.
NOW = datetime.datetime(2026, 11, 29, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def _fresh_caches():
    ingest.directory.clear()
    alerts.rulebook.clear()
    ingest.burst_guard._windows.clear()
    yield
    ingest.directory.clear()


def iso(moment: datetime.datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Store readings: send(ref, {moment: {quantity: value}})."""

    def send(ref, values_at):
        with django_capture_on_commit_callbacks(execute=True):
            result = readings_ingest(
                [
                    {"device": ref, "observedAt": iso(t), "values": values}
                    for t, values in values_at.items()
                ],
                credential=TRUSTED,
            )
        assert not result.rejected, result.rejected

    return send


@pytest.fixture
def reported(balti):
    """report(at=…, close_at=…, **fields): a request reported (and closed) at those times."""
    admin = get_user_model().objects.get(username="admin")

    def report(*, at: datetime.datetime, close_at: datetime.datetime | None = None, **fields):
        with time_machine.travel(at, tick=False):
            request = service_request_submit(**fields)
        if close_at is not None:
            with time_machine.travel(close_at, tick=False):
                request_services.request_change_status(
                    request=request, user=admin, status="closed", closure_reason="fixed"
                )
        return request

    return report
