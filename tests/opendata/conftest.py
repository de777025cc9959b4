"""The open data portal's tests run at a fixed time, on a clean data hub."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model

from smartcity.service_requests import services as request_services
from tests.factories import service_request_submit

# Sunday 29 November 2026, 12:00 UTC.
NOW = datetime.datetime(2026, 11, 29, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _frozen_on_fresh_caches(device_caches_fresh):
    """Every test runs at NOW, the data hub's in-memory caches empty."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def send(readings_store):
    """Store readings: send(ref, {moment: {quantity: value}})."""

    def send(ref, values_at):
        readings_store(ref, values_at.items())

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
