"""Error pages in the site's look and the visitor's language, with DEBUG off."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.db.backends.utils import CursorWrapper
from django.test import Client, RequestFactory
from django.utils import translation

from smartcity.web import errors

LANGUAGES = ["ro", "ru", "en"]


@pytest.fixture(autouse=True)
def _production_like(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.web.error_urls"


def _client(language: str, **options) -> Client:
    """A visitor who chose `language` with the switcher (a cookie)."""
    client = Client(raise_request_exception=False, **options)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _assert_site_page(response, status: int, language: str, title: str) -> None:
    page = response.content.decode()
    assert response.status_code == status
    assert f'lang="{language}"' in page
    assert 'class="site"' in page  # the site's header and footer, not Django's bare page
    assert 'class="error-page"' in page
    with translation.override(language):
        assert f'<h1 id="error-title">{translation.gettext(title)}</h1>' in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unknown_address_gets_the_site_404_page(db, language):
    response = _client(language).get("/no-such-page/")
    _assert_site_page(response, 404, language, "Page not found")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_mangled_request_gets_the_site_400_page(db, language):
    _assert_site_page(_client(language).get("/fail/400/"), 400, language, "Bad request")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_forbidden_page_gets_the_site_403_page(db, language):
    _assert_site_page(_client(language).get("/fail/403/"), 403, language, "Access denied")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_form_without_its_csrf_token_gets_the_site_403_page(db, language):
    response = _client(language, enforce_csrf_checks=True).post("/requests/new/", {})
    _assert_site_page(response, 403, language, "The form has expired")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_bug_gets_the_site_500_page(db, language):
    response = _client(language).get("/fail/500/")
    _assert_site_page(response, 500, language, "Something went wrong")
    assert "RuntimeError" not in response.content.decode()


def test_the_500_page_is_drawn_without_touching_the_database(db, monkeypatch):
    """What failed may be the database: the page must not query it."""

    def _database_down(*args, **kwargs):
        raise AssertionError("the 500 page queried the database")

    with monkeypatch.context() as patched:
        patched.setattr(CursorWrapper, "execute", _database_down)
        response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert 'class="error-page"' in response.content.decode()
