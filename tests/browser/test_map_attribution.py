"""The map's attribution control names the configured tile source, as text and link."""

from __future__ import annotations

from playwright.sync_api import expect

from smartcity.city import demo as city_demo


def test_the_maps_attribution_control_shows_the_configured_text(page, transactional_db, settings):
    city_demo.city_load()
    # Tiles from the live server itself (the CSP allows 'self'); they need not exist.
    settings.SMARTCITY_MAP_TILE_URL = "/no-such-tiles/{z}/{x}/{y}.png"
    settings.SMARTCITY_MAP_TILE_ATTRIBUTION = "© Primăria Bălți <b>tiles</b>"
    settings.SMARTCITY_MAP_TILE_ATTRIBUTION_URL = "https://balti.md/harta"
    page.goto("/waste/")
    control = page.locator("#containers-map .leaflet-control-attribution")
    link = control.get_by_role("link", name="© Primăria Bălți <b>tiles</b>")
    expect(link).to_have_attribute("href", "https://balti.md/harta")
    expect(control.locator("b")).to_have_count(0)  # the text's markup is shown, not run
