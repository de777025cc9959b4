"""The live map of vehicles and a stop board, in a real browser, on the server's clock."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from smartcity.transit.realtime.demo import LiveSimulator
from smartcity.transit.realtime.models import VehicleRun
from smartcity.transit.realtime.prediction import CITY_TZ
from tests.transit_realtime.network import line_create


@pytest.fixture
def vehicles(transactional_db):
    """Runs of line 3 every 5 minutes from 20 minutes ago, with the simulator's vehicles
    reporting for the last minute and a half. The shared cache starts empty: the boards
    and the learned history kept there by another test's data would be shown."""
    cache.clear()
    now = timezone.now()
    local = now.astimezone(CITY_TZ)
    seconds = local.hour * 3600 + local.minute * 60 - 20 * 60
    if seconds < 0:
        seconds += 86400  # the runs belong to yesterday's service day
    line_create(
        first_departure=f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:00", runs=8, headway=300
    )
    simulator = LiveSimulator(seed=11)
    for k in range(6, -1, -1):
        simulator.tick(now - datetime.timedelta(seconds=15 * k))


def test_live_map_shows_the_vehicles_and_filters_by_line(page, vehicles):
    everyone = VehicleRun.objects.count()
    on_line_3 = VehicleRun.objects.filter(trip__route__gtfs_id="L3").count()
    assert on_line_3 >= 3
    page.goto("/transit/live/")
    expect(page.get_by_test_id("live-map")).to_be_visible()
    expect(page.locator("#vehicle-count")).to_have_text(str(everyone))
    expect(page.get_by_test_id("vehicle-list")).to_contain_text("Linia 3")
    expect(page.get_by_test_id("vehicle-list").locator("li")).to_have_count(everyone)
    expect(page.locator("#live-map .leaflet-overlay-pane path")).to_have_count(everyone)
    page.get_by_test_id("line-filter").select_option("L3")
    expect(page.locator("#vehicle-count")).to_have_text(str(on_line_3))
    expect(page.locator("#live-map .leaflet-overlay-pane path")).to_have_count(on_line_3)


def test_the_stop_page_is_a_board_of_live_and_scheduled_arrivals_that_refreshes(page, vehicles):
    page.goto("/transit/stops/A5/")
    board = page.get_by_test_id("stop-board")
    expect(board.get_by_test_id("live-mark").first).to_be_visible()
    expect(board.get_by_test_id("scheduled-mark").first).to_be_visible()
    expect(board.get_by_test_id("board-row").first).to_contain_text("3")
    # htmx polls the page for its rows: the board is replaced in place, marks and all.
    with page.expect_response(
        lambda r: r.url.endswith("/transit/stops/A5/") and r.request.headers.get("hx-request"),
        timeout=30_000,
    ):
        pass
    expect(board.get_by_test_id("board-rows")).to_have_count(1)
    expect(board.get_by_test_id("live-mark").first).to_be_visible()


def test_the_old_live_board_address_leads_to_the_stop_page(page, vehicles):
    page.goto("/transit/live/stops/A5/")
    expect(page).to_have_url(re.compile(r"/transit/stops/A5/$"))
    expect(page.get_by_test_id("stop-board").get_by_test_id("live-mark").first).to_be_visible()
