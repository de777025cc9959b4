"""Anonymous visitors share a rendered page, each with a CSRF token of their own."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.transit_realtime.network import line_create

STOP_PAGE = "/transit/stops/A5/"


def _token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


@pytest.fixture
def stop(db):
    line_create()


def test_a_reused_page_carries_each_visitors_own_working_csrf_token(stop):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_page = first.get(STOP_PAGE)
    second_page = second.get(STOP_PAGE)
    assert second_page.context is None  # not rendered again: the first visitor's page
    token = _token(second_page.content.decode())
    assert token != _token(first_page.content.decode())
    # The language switch on the reused page works with the second visitor's cookie.
    switched = second.post("/i18n/setlang/", {"language": "en", "csrfmiddlewaretoken": token})
    assert switched.status_code == 302


def test_each_language_has_its_own_page(stop, settings):
    Client().get(STOP_PAGE)
    visitor = Client()
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = visitor.get(STOP_PAGE)
    assert english["Content-Language"] == "en" and 'lang="en"' in english.content.decode()


def test_signed_in_staff_get_their_own_page_not_the_anonymous_one(stop, balti, client):
    Client().get(STOP_PAGE)
    client.force_login(get_user_model().objects.get(username="dispecer"))
    page = client.get(STOP_PAGE)
    assert page.context is not None and 'data-testid="nav-back-office"' in page.content.decode()


def test_a_query_string_is_rendered_anew(stop):
    Client().get(STOP_PAGE)
    assert Client().get(STOP_PAGE + "?utm_source=poster").context is not None
