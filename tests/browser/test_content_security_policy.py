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


def test_an_administrator_signs_in_with_the_code_and_the_admin_keeps_to_the_policy(page, balti):
    from smartcity.city import demo as city_demo
    from tests.second_factor import browser_log_in

    browser_log_in(page, "admin", city_demo.DEMO_PASSWORD)
    page.goto("/admin/")
    assert "/accounts/second-factor/" not in page.url
    page.goto("/admin/auth/user/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#result_list").is_visible()
    assert page.csp_violations == []


def test_staff_who_skip_the_code_see_no_staff_page(page, balti):
    from smartcity.city import demo as city_demo

    page.goto("/accounts/login/")
    page.fill("#id_username", "dispecer")
    page.fill("#id_password", city_demo.DEMO_PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert "/accounts/second-factor/enrol/" in page.url
    assert page.get_by_test_id("enrol-qr").locator("svg").is_visible()
    page.goto("/staff/")
    assert "/accounts/second-factor/enrol/" in page.url
