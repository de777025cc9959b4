"""The public progress page of the strategy in a real browser: reached from the
navigation, the tree with progress bars, indicators with their values, the links to the
collaboration, the yearly PDF; and a staff member's progress update showing up."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from smartcity.city import demo as city_demo
from smartcity.collaboration import demo as collaboration_demo
from smartcity.service_requests import demo as requests_demo
from smartcity.strategy import demo as strategy_demo
from tests.second_factor import browser_log_in


@pytest.fixture
def plans(transactional_db):
    city_demo.city_load()
    requests_demo.categories_load()
    collaboration_demo.collaboration_load()
    strategy_demo.strategy_load()
    cache.clear()


def test_public_progress_page_and_a_staff_update(page, plans):
    page.goto("/")
    page.get_by_test_id("nav-strategy").click()
    page.get_by_role("link", name="Strategia de dezvoltare socio-economică", exact=False).click()
    assert "Bălți" in page.get_by_test_id("plan-title").inner_text()
    assert page.get_by_test_id("illustrative").is_visible()
    assert page.locator("[data-testid=tree] progress").count() > 10
    assert page.locator("svg.sparkline polyline").count() >= 1
    latest = page.get_by_test_id("latest-I8").inner_text()
    assert latest.startswith("18")
    assert (
        page.get_by_test_id("node-A2.2.1")
        .get_by_role("link", name="Harta iluminatului", exact=False)
        .count()
        == 1
    )
    assert page.get_by_test_id("edit-A2.2.1").count() == 0  # the public sees no editing
    assert page.get_by_test_id("progress-A2.2.1").inner_text() == "80%"

    # The first reader is told it is being prepared (the worker draws it: in the tests the
    # task runs at once); the next one gets the kept PDF.
    report = page.get_by_test_id("report-2024").get_attribute("href")
    with page.expect_response("**/report-2024.pdf") as waiting:
        page.evaluate("url => fetch(url)", report)
    assert waiting.value.status == 202
    with page.expect_response("**/report-2024.pdf") as pdf:
        page.evaluate("url => fetch(url)", report)
    assert pdf.value.status == 200 and pdf.value.headers["content-type"] == "application/pdf"

    browser_log_in(page, "iluminat", city_demo.DEMO_PASSWORD)
    page.goto("/strategy/sdse-2021-2025/")
    page.get_by_test_id("edit-A2.2.1").click()
    page.fill("#id_progress", "90")
    page.get_by_test_id("progress-form").locator("button[type=submit]").click()
    page.wait_for_load_state()
    page.goto("/strategy/sdse-2021-2025/")
    assert page.get_by_test_id("progress-A2.2.1").inner_text() == "90%"


def _login(page, username: str) -> None:  # noqa: ANN001
    browser_log_in(page, username, city_demo.DEMO_PASSWORD)


def test_staff_edit_the_tree_and_links_on_pages(page, plans):
    _login(page, "iluminat")
    page.goto("/strategy/sdse-2021-2025/")
    assert page.get_by_test_id("item-edit-A2.2.1").count() == 1
    assert page.get_by_test_id("item-edit-A2.2.2").count() == 0  # the roads' action
    assert page.get_by_test_id("edit-A2.2.2").count() == 0
    page.get_by_test_id("item-edit-A2.2.1").click()
    page.fill("#id_funding_source_en", "ESCO contract, city budget")
    page.fill("#id_cost", "-5")
    page.get_by_test_id("item-form").locator("button[type=submit]").click()
    assert page.get_by_test_id("item-form").locator(".errorlist").count() >= 1
    page.fill("#id_cost", "12500000")
    page.get_by_test_id("item-form").locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "12" in page.get_by_test_id("node-A2.2.1").inner_text()

    page.context.clear_cookies()
    _login(page, "admin")
    page.goto("/strategy/sdse-2021-2025/")
    page.get_by_test_id("add-under-O2.2").click()
    page.fill("#id_code", "A2.2.9")
    page.fill("#id_title_ro", "Iluminat arhitectural al centrului")
    page.get_by_test_id("item-form").locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("node-A2.2.9").is_visible()
    page.get_by_test_id("links-A2.2.9").click()
    page.fill("#links-q", "Școală")
    page.get_by_test_id("links-search").locator("button[type=submit]").click()
    page.wait_for_load_state()
    page.locator("#id_ideas").select_option(index=0)
    page.get_by_test_id("links-form").locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("node-A2.2.9").locator(".links a").count() == 1
    page.goto("/strategy/sdse-2021-2025/history/")
    changes = page.get_by_test_id("changes").inner_text()
    assert "ESCO contract, city budget" in changes and "A2.2.9" in changes
