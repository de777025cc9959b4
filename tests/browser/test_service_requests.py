"""A report's whole life in a real browser: a resident reports it in Romanian and follows
it with the tracking code, a dispatcher assigns it, the lighting staff close it."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import translation

from smartcity.city import demo as city_demo
from smartcity.service_requests import demo as requests_demo
from smartcity.service_requests.models import ServiceRequest
from tests.second_factor import browser_log_in


@pytest.fixture
def city(transactional_db):
    city_demo.city_load()
    requests_demo.categories_load()
    cache.clear()


def _log_in(page, username: str) -> None:
    browser_log_in(page, username, city_demo.DEMO_PASSWORD)


def _report_a_lamp_out(page) -> str:
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "ro"
    with translation.override("ro"):
        romanian = translation.gettext("Report a problem")
    assert romanian != "Report a problem"  # the catalog speaks Romanian
    link = page.get_by_test_id("nav-report")
    assert link.inner_text() == romanian
    link.click()
    page.wait_for_load_state("load")  # the map and htmx scripts run before we type
    page.select_option("#id_category", label="Felinar stins")
    page.wait_for_selector("#id_attr_pole_number")  # the category's question, via htmx
    page.get_by_test_id("street-search").fill("Stefan cel Mare 12")
    page.locator(".street-choice").first.click()
    assert page.input_value("#id_address") == "str. Ștefan cel Mare 12"
    page.get_by_test_id("report-map").click(position={"x": 300, "y": 150})
    assert page.input_value("#id_latitude")
    page.fill("#id_attr_pole_number", "P-114")
    page.fill("#id_description", "Nu arde felinarul de lângă blocul 12 de o săptămână.")
    page.fill("#id_email", "rezident@example.md")
    page.get_by_test_id("report-submit").click()
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    assert code.startswith("BL-")
    return code


def test_a_resident_reports_a_problem_in_romanian_and_follows_it(page, city):
    code = _report_a_lamp_out(page)
    request = ServiceRequest.objects.get(tracking_code=code)
    assert request.department.slug == "iluminat"
    assert request.attributes == {"pole_number": "P-114"}
    page.goto("/requests/track/")
    page.fill("#code", code.lower())
    page.locator("main form button[type=submit]").click()
    assert page.get_by_test_id("tracking-code").inner_text() == code
    assert page.get_by_text("Nu arde felinarul de lângă blocul 12").is_visible()


def test_a_dispatcher_assigns_and_the_lighting_staff_close_it(page, city):
    code = _report_a_lamp_out(page)

    _log_in(page, "dispecer")
    page.goto("/staff/")
    page.locator(
        f'[data-testid="queue-row"][data-code="{code}"] [data-testid="request-link"]'
    ).click()
    page.get_by_test_id("assign-select").select_option(
        page.locator(
            '[data-testid="assign-select"] option[data-username="iluminat"]'
        ).get_attribute("value")
    )
    page.get_by_test_id("assign-submit").click()
    # A locator, not wait_for_function: that evaluates a string, which the CSP forbids.
    page.locator('[data-testid=request-assignee]:has-text("Popescu")').wait_for()
    assert ServiceRequest.objects.get(tracking_code=code).assigned_to.username == "iluminat"

    page.context.clear_cookies()
    _log_in(page, "iluminat")
    page.goto(f"/staff/requests/{code}/")
    page.get_by_test_id("status-select").select_option("closed")
    page.get_by_test_id("closure-reason-select").select_option("fixed")
    page.fill("#status-public_comment", "Becul a fost înlocuit.")
    page.get_by_test_id("status-submit").click()
    page.wait_for_selector('[data-testid="request-status"][data-status="closed"]')
    request = ServiceRequest.objects.get(tracking_code=code)
    assert (request.status, request.closure_reason) == ("closed", "fixed")

    page.context.clear_cookies()
    page.goto(f"/requests/{code}/")
    assert page.get_by_text("Becul a fost înlocuit.").is_visible()


def test_staff_place_a_request_reported_by_an_unknown_address_with_a_map_click(page, city):
    from smartcity.service_requests.models import RequestUpdate
    from tests.factories import service_request_submit

    request = service_request_submit(
        category="pothole", latitude=None, longitude=None, to_be_placed=True, address="Curtea"
    )
    _log_in(page, "drumuri")
    page.goto("/staff/")
    row = page.locator(f'[data-testid="queue-row"][data-code="{request.tracking_code}"]')
    assert row.get_by_test_id("to-be-placed").is_visible()
    row.get_by_test_id("request-link").click()
    page.wait_for_load_state("load")
    page.get_by_test_id("place-map").click()  # its centre: the city's
    assert page.input_value("#place-latitude")
    page.get_by_test_id("place-submit").click()
    page.locator('[data-testid="history-entry"][data-kind="placed"]').wait_for()
    request.refresh_from_db()
    assert request.latitude is not None and request.district is not None
    assert request.updates.filter(kind=RequestUpdate.Kind.PLACED).exists()
    # The panel came back through htmx: its map is drawn again, on the request's point.
    assert page.get_by_test_id("place-map").locator(".leaflet-marker-icon").count() == 0
    page.get_by_test_id("place-map").click(position={"x": 20, "y": 20})
    assert page.input_value("#place-latitude")


def test_a_resident_types_the_problem_and_files_it_in_the_second_suggested_category(page, city):
    from smartcity.service_requests import classifier, history

    history.requests_generate(count=1500, seed=5)
    classifier.classifier_train(held_out=0)
    text = "Nu avem apă caldă de o săptămână, doar rece, str. Kiev 88"
    expected = [s.category for s in classifier.category_suggestions(text, limit=3)]
    page.goto("/requests/new/")
    page.wait_for_load_state("load")
    assert page.get_by_test_id("suggest-button").count() == 0  # the script asks by itself
    page.fill("#id_description", text)
    choices = page.get_by_test_id("category-suggestion")
    choices.nth(2).wait_for()  # three, swapped in by htmx
    assert [choices.nth(i).get_attribute("data-code") for i in range(3)] == [
        c.code for c in expected
    ]
    choices.nth(1).click()
    second = expected[1]
    assert page.input_value("#id_category") == str(second.pk)
    assert choices.nth(1).get_attribute("aria-pressed") == "true"
    assert choices.nth(0).get_attribute("aria-pressed") == "false"
    for attribute in second.attributes.filter(variable=True, required=True):
        field = page.locator(f"#id_attr_{attribute.code}")
        field.wait_for()  # the category's questions, via htmx
        if attribute.values.exists():
            field.select_option(attribute.values.first().key)
        else:
            field.fill("1")
    page.get_by_test_id("report-map").click(position={"x": 300, "y": 150})
    page.get_by_test_id("report-submit").click()
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    assert ServiceRequest.objects.get(tracking_code=code).category == second
