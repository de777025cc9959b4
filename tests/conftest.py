"""Fixtures shared by every app's tests: the city of Bălți and its staff."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from smartcity.city import demo as city_demo
from smartcity.devices import alerts, ingest, subscriptions
from smartcity.devices.ingest import TRUSTED, readings_ingest
from smartcity.service_requests import demo as requests_demo

# A point in front of the city hall, and one in Chișinău (outside the municipality).
CITY_HALL = (47.7617, 27.9289)
CHISINAU = (47.0105, 28.8638)


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql` need PostgreSQL's own features (pg_terminate_backend):
    the SQLite pass leaves them to the PostgreSQL pass of `.ci/run`, which runs them."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    left = [item for item in items if item.get_closest_marker("postgresql")]
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]


def iso(moment: datetime.datetime) -> str:
    """A moment as the devices send it: ISO 8601 in UTC, with a `Z`."""
    return moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMARTCITY_MAP_TILE_URL = ""
    settings.SMARTCITY_SITE_URL = "http://testserver"
    caches["responses"].clear()
    # Every test sees its own data at once (the API may otherwise reuse for a second the
    # version it read).
    monkeypatch.setattr("smartcity.service_requests.open311.documents.VERSION_SECONDS", 0.0)


@pytest.fixture(autouse=True)
def _staff_sign_in_with_second_factor(monkeypatch):
    """`client.force_login(user)` signs staff in as they really are: with an enrolled
    authenticator and a session confirmed by it (the second factor stays required).
    `force_login(user, second_factor=False)` stops after the password."""
    from django.test import Client

    from smartcity.signin.policy import second_factor_required
    from tests.second_factor import session_verify

    password_only = Client.force_login

    def force_login(self, user, backend=None, *, second_factor=True):
        password_only(self, user, backend)
        if second_factor and second_factor_required(user):
            session_verify(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def balti(db):
    """Bălți's profile, districts, departments, demo staff and report categories."""
    city_demo.city_load()
    requests_demo.categories_load()


@pytest.fixture(autouse=True)
def _transit_realtime_caches_clear():
    """The realtime side caches trips by primary key for the life of a process; a rolled-
    back test hands the same keys to the next test's trips, which production never does."""
    from smartcity.transit.realtime import history, schedule

    schedule.templates_forget()
    history.history_forget()


@pytest.fixture
def device_caches_fresh():
    """Each process keeps devices, alert rules, NGSI-LD subscriptions and burst windows in
    memory; a rolled-back test would leave the next one its rows. Data hub tests use this
    (autouse in their conftest) to start clean."""
    ingest.directory.clear()
    alerts.rulebook.clear()
    subscriptions.active.clear()
    ingest.burst_guard._windows.clear()
    yield
    ingest.directory.clear()


@pytest.fixture
def readings_store(django_capture_on_commit_callbacks):
    """store(ref, [(moment, {quantity: value, ...}), ...]): readings through the real
    ingestion, trusted, with the work after the commit run; every one must be accepted."""

    def store(ref: str, readings) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            result = readings_ingest(
                [{"device": ref, "observedAt": iso(t), "values": v} for t, v in readings],
                credential=TRUSTED,
            )
        assert not result.rejected, result.rejected

    return store


@pytest.fixture
def connection_kept():
    """Keep the test's database connection across raw WSGI calls (as Django's test
    client does): the handler would otherwise close it after each response."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)
