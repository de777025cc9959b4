"""Browser tests: Playwright driving Debian's chromium against a live Django server."""

from __future__ import annotations

import os

import pytest

CHROMIUM = "/usr/bin/chromium"
CSP_PREFIX = "CSP violation:"
CSP_LISTENER = f"""
document.addEventListener("securitypolicyviolation", (e) => console.error(
  "{CSP_PREFIX} " + e.violatedDirective + " blocked " + (e.blockedURI || "inline")
  + " at " + e.sourceFile + ":" + e.lineNumber));
"""

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
# make between page actions are still synchronous, so Django's guard is lifted here only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (make test does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server, transactional_db):
    """A fresh browser tab whose relative URLs go to the live server; no outside requests."""
    context = chromium.new_context(base_url=live_server.url, locale="en-US")
    # Nothing may leave the machine: block every request that is not to the live server.
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(live_server.url) else route.abort()
        ),
    )
    # Every page must keep to its Content-Security-Policy: a violation (an inline script,
    # a handler attribute, an image from an unlisted origin) fails the test.
    context.add_init_script(CSP_LISTENER)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    violations: list[str] = []
    tab.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if message.text.startswith(CSP_PREFIX) or "Content Security Policy" in message.text
            else None
        ),
    )
    tab.csp_violations = violations
    yield tab
    context.close()
    assert violations == [], "the page broke its Content-Security-Policy"
