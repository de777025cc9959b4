"""Fixtures shared by every app's tests: the city of Bălți and its staff."""

from __future__ import annotations

import pytest
from django.core.cache import caches

from smartcity.city import demo as city_demo
from smartcity.service_requests import demo as requests_demo

# A point in front of the city hall, and one in Chișinău (outside the municipality).
CITY_HALL = (47.7617, 27.9289)
CHISINAU = (47.0105, 28.8638)


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
