"""The city dashboard and the open data portal, in a real browser."""

from __future__ import annotations

import datetime
import re

from playwright.sync_api import expect

from smartcity.city import demo as city_demo
from smartcity.collaboration.models import Event
from smartcity.devices import ingest, services
from smartcity.devices.ingest import TRUSTED, readings_ingest
from smartcity.service_requests import demo as requests_demo
from smartcity.strategy import demo as strategy_demo
from tests.factories import service_request_submit


def test_the_dashboard_shows_each_domain_and_no_data_yet_where_there_is_none(page):
    city_demo.city_load()
    requests_demo.categories_load()
    ingest.directory.clear()
    now = datetime.datetime.now(datetime.UTC)
    service_request_submit(email="cineva@example.md")
    services.device_register(
        ref="SL-BR1", device_type="StreetLight", latitude=47.7612, longitude=27.9281
    )
    readings_ingest(
        [{"device": "SL-BR1", "observedAt": now.isoformat(), "values": {"powerState": "on"}}],
        credential=TRUSTED,
    )
    Event.objects.create(
        title="Hackathon Bălți Smart City",
        kind="hackathon",
        starts_at=now + datetime.timedelta(days=4),
        ends_at=now + datetime.timedelta(days=5),
    )
    page.goto("/")
    page.get_by_test_id("nav-dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Orașul dintr-o privire")
    expect(page.get_by_test_id("figure-opened")).to_have_text("1")
    expect(page.get_by_test_id("figure-lights-working")).to_have_text("100,0%")
    expect(page.get_by_test_id("tile-events")).to_contain_text("Hackathon Bălți Smart City")
    # No station, no transport app yet: the tiles say so instead of failing.
    expect(page.get_by_test_id("tile-air")).to_contain_text("Încă nu sunt date.")
    expect(page.get_by_test_id("tile-transit")).to_contain_text("Încă nu sunt date.")
    page.get_by_test_id("tile-lighting").get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/lighting/$"))


def test_a_visitor_finds_a_dataset_previews_it_and_downloads_the_csv(page):
    city_demo.city_load()
    requests_demo.categories_load()
    service_request_submit(email="maria@example.md", description="Nu arde felinarul")
    page.goto("/")
    page.get_by_test_id("nav-opendata").click()
    page.get_by_label("Tema").select_option("GOVE")
    page.get_by_role("button", name="Filtrați").click()
    expect(page.get_by_test_id("dataset-street-lights")).to_have_count(0)
    page.get_by_role("link", name="Sesizări despre probleme în oraș").click()
    expect(page.get_by_test_id("licence")).to_contain_text("Creative Commons Attribution 4.0")
    expect(page.get_by_test_id("row-count")).to_have_text("1")
    expect(page.get_by_test_id("preview")).to_contain_text("street-light-out")
    expect(page.get_by_test_id("preview")).not_to_contain_text("maria@example.md")
    with page.expect_download() as info:
        page.get_by_test_id("download-csv").click()
    download = info.value
    assert download.suggested_filename.startswith("service-requests-")
    text = open(download.path(), encoding="utf-8-sig").read()
    assert text.splitlines()[0].startswith("service_code,category,status")
    assert "maria@example.md" not in text and "Nu arde" not in text


def test_the_strategy_tile_shows_the_plans_progress_and_leads_to_it(page):
    city_demo.city_load()
    requests_demo.categories_load()
    strategy_demo.strategy_load()
    page.goto("/dashboard/")
    tile = page.get_by_test_id("tile-strategy")
    expect(page.get_by_test_id("figure-strategy-progress")).to_have_text(re.compile(r"^\d+,\d%$"))
    expect(page.get_by_test_id("figure-strategy-done")).to_have_text(re.compile(r"^\d+ / \d+$"))
    expect(tile).to_contain_text("acțiuni întârziate")
    tile.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/strategy/$"))
