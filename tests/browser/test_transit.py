"""A line page (timetable and map) and a stop page (next departures), in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from smartcity.transit import services
from tests.transit.conftest import FEED, gtfs_zip

# Line 1 every 10 minutes around the clock, every day, so the stop page always has
# departures on the live server's real clock.
ALL_DAY = {
    **FEED,
    "frequencies.txt": "trip_id,start_time,end_time,headway_secs\nR1-WD,00:00:00,30:00:00,600\n",
    "calendar.txt": (
        "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
        "WD,1,1,1,1,1,1,1,20200101,20391231\n"
    ),
    "calendar_dates.txt": "service_id,date,exception_type\n",
}


@pytest.fixture
def feed(transactional_db):
    services.feed_import(file=gtfs_zip(base=ALL_DAY), source_name="browser.zip")


def test_a_line_page_draws_its_shape_and_stops_and_lists_intervals(page, feed):
    page.goto("/transit/")
    page.get_by_role("link", name="Centru – Autogara").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Centru – Autogara")
    expect(page.get_by_test_id("line-map")).to_have_attribute("data-ready", "3")
    # The shape and the three stops are drawn as vector paths.
    expect(page.locator("#transit-map .leaflet-overlay-pane path")).to_have_count(4)
    expect(page.get_by_test_id("timetable-weekday")).to_contain_text("00:00–30:00")
    expect(page.get_by_test_id("timetable-weekday")).to_contain_text("la fiecare 10 minute")


def test_a_stop_page_lists_the_next_departures_and_leads_to_the_line(page, feed):
    page.goto("/transit/stops/A/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Piața Independenței")
    rows = page.get_by_test_id("board-row")
    expect(rows.first).to_contain_text("Autogara Centrală")
    assert rows.count() >= 6
    expect(page.get_by_test_id("stop-map")).to_have_attribute("data-ready", "1")
    rows.first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/transit/lines/R1/$"))
