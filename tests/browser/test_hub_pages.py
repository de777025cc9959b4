"""The live street-light map and the air-quality pages, in a real browser."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from smartcity.city import demo as city_demo
from smartcity.devices import ingest, services
from smartcity.devices.ingest import TRUSTED, readings_ingest
from smartcity.lighting import demo as lighting_demo
from tests.conftest import iso


@pytest.fixture
def city(transactional_db):
    city_demo.city_load()
    lighting_demo.profiles_load()
    ingest.directory.clear()


def test_the_street_light_map_shows_every_lamp_and_the_counts(page, city):
    now = datetime.datetime.now(datetime.UTC)
    for n, state in enumerate(("on", "on", "off")):
        services.device_register(
            ref=f"SL-B{n}",
            device_type="StreetLight",
            latitude=47.7600 + n * 0.001,
            longitude=27.928,
        )
        readings_ingest(
            [{"device": f"SL-B{n}", "observedAt": iso(now), "values": {"powerState": state}}],
            credential=TRUSTED,
        )
    services.device_register(
        ref="SL-OLD",
        device_type="StreetLight",
        latitude=47.764,
        longitude=27.928,
        is_connected=False,
    )
    page.goto("/lighting/")
    expect(page.get_by_test_id("count-on")).to_have_text("2")
    expect(page.get_by_test_id("count-off")).to_have_text("1")
    expect(page.get_by_test_id("remote-share")).to_contain_text(
        "75,0% din stâlpii de iluminat sunt telegestionați"
    )
    # Every lamp reached the map (drawn on a canvas, so the page counts them).
    expect(page.get_by_test_id("lights-map")).to_have_attribute("data-loaded", "4")


def test_the_air_page_maps_stations_and_leads_to_a_station_with_charts(page, city):
    station = services.device_register(
        ref="AQ-B1",
        device_type="AirQualityObserved",
        latitude=47.7617,
        longitude=27.929,
        name="Stația Centru",
    )
    now = datetime.datetime.now(datetime.UTC)
    readings_ingest(
        [
            {
                "device": station.ref,
                "observedAt": iso(now - datetime.timedelta(hours=h)),
                "values": {"pm25": 30.0, "pm10": 40.0, "no2": 25.0, "o3": 60.0, "temperature": 3.0},
            }
            for h in range(24)
        ],
        credential=TRUSTED,
    )
    page.goto("/environment/air/")
    row = page.get_by_test_id("station-row")
    expect(row).to_contain_text("Stația Centru")
    expect(row).to_contain_text("Slab")
    expect(page.get_by_test_id("air-map")).to_have_attribute("data-loaded", "1")
    marker = page.locator("#air-map path.leaflet-interactive")
    expect(marker).to_have_count(1)
    marker.click()
    page.locator(".leaflet-popup-content a").click()
    expect(page).to_have_url(f"{page.url.split('/environment')[0]}/environment/air/AQ-B1/")
    expect(page.get_by_test_id("chart-pm25").locator("circle")).to_have_count(24)
    expect(page.get_by_test_id("station-index")).to_contain_text("Slab")
