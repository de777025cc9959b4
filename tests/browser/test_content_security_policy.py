"""The browser enforces the Content-Security-Policy, and the browser tests notice when a
page breaks it."""

from __future__ import annotations


def test_an_injected_inline_script_does_not_run_and_is_reported(page, balti):
    page.goto("/")
    page.evaluate(
        """() => {
        const s = document.createElement("script");
        s.textContent = "window.injected = true";
        document.body.appendChild(s);
    }"""
    )
    assert page.evaluate("() => window.injected === undefined")
    page.wait_for_timeout(200)  # the violation event is dispatched asynchronously
    assert any("script-src" in v for v in page.csp_violations), page.csp_violations
    page.csp_violations.clear()  # seen: the fixture's own check would fail the test


def test_the_reporting_form_keeps_to_the_policy(page, balti):
    page.goto("/requests/new/")
    page.wait_for_load_state("networkidle")
    assert page.csp_violations == []
