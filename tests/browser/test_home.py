from __future__ import annotations

from smartcity.city import demo as city_demo


def test_a_visitor_sees_romanian_first_and_can_switch_to_russian(page):
    city_demo.city_load()
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "ro"
    assert page.get_by_text("Piața Independenței 1, Bălți").first.is_visible()
    page.get_by_role("button", name="RU").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.get_by_text("пл. Независимости 1, Бельцы").first.is_visible()
