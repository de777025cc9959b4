"""Logged-in clients for the demo staff of Bălți (see `city/demo.py`)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client


def _client_for(username: str) -> Client:
    client = Client()
    # These tests read the back office's messages in their English source; the pages in
    # Romanian are covered by test_the_back_office_speaks_romanian_by_default.
    client.cookies["django_language"] = "en"
    client.force_login(User.objects.get(username=username))
    return client


@pytest.fixture
def dispatcher_client(balti) -> Client:
    return _client_for("dispecer")


@pytest.fixture
def lighting_client(balti) -> Client:
    """Ion Popescu, staff of the street-lighting enterprise."""
    return _client_for("iluminat")


@pytest.fixture
def roads_client(balti) -> Client:
    return _client_for("drumuri")


@pytest.fixture
def administrator_client(balti) -> Client:
    return _client_for("admin")
