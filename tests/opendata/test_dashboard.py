"""The public city dashboard: each domain's tile, and "no data yet" where there is none."""

from __future__ import annotations

import datetime
import re

import pytest

from smartcity.collaboration.models import Event
from smartcity.devices import services as device_services
from smartcity.opendata import tiles
from smartcity.service_requests import selectors as request_selectors

from .conftest import NOW

HOUR = datetime.timedelta(hours=1)


def figure(html: str, key: str) -> str:
    found = re.search(rf'data-testid="figure-{key}">([^<]*)<', html)
    assert found, key
    return found.group(1)


def tile(html: str, place: str) -> str:
    start = html.rindex("<article", 0, html.index(f'data-testid="tile-{place}"'))
    return html[start : html.index("</article>", start)]


def test_an_empty_city_shows_every_tile_with_no_data_yet(client, db):
    response = client.get("/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    for place in tiles.PLACES:
        assert "Încă nu sunt date." in tile(html, place), place


def test_domains_not_installed_yet_keep_their_place_without_a_link(client, db):
    shown = {s.place: s for s in tiles.dashboard_tiles(now=NOW)}
    # Public transport is installed: its tile links to the live map, with no data yet.
    assert shown["transit"].reading is None and shown["transit"].url == "/transit/live/"
    assert shown["strategy"].reading is None
    assert shown["requests"].url == "/requests/stats/"
    assert list(shown) == list(tiles.PLACES)


def test_a_tile_for_an_unknown_place_is_refused():
    with pytest.raises(ValueError, match="no dashboard place"):
        tiles.tile_register("weather", url_name="web:home", read=lambda now: None)


def test_the_week_counts_reports_opened_and_closed_and_the_median_time_to_close(reported):
    reported(at=NOW - datetime.timedelta(days=10), close_at=NOW - datetime.timedelta(days=2))
    reported(at=NOW - datetime.timedelta(days=3), close_at=NOW - datetime.timedelta(days=1))
    reported(at=NOW - datetime.timedelta(days=2))
    reported(at=NOW - datetime.timedelta(days=9))
    week = request_selectors.week_summary(now=NOW)
    assert (week.opened, week.closed, week.still_open) == (2, 2, 2)
    # 8 days and 2 days: the median is 5 days.
    assert week.median_hours_to_close == 120.0


def test_the_requests_tile_shows_the_week(client, reported):
    reported(at=NOW - datetime.timedelta(days=3), close_at=NOW - datetime.timedelta(days=2))
    reported(at=NOW - datetime.timedelta(days=1))
    html = client.get("/dashboard/").content.decode()
    assert figure(html, "opened") == "2"
    assert figure(html, "closed") == "1"
    assert figure(html, "open-now") == "1"
    assert figure(html, "median-close") == "24,0"
    assert 'href="/requests/stats/"' in tile(html, "requests")


def test_the_lighting_tile_gives_the_share_of_reporting_lamps_that_work(client, balti, send):
    for n, values in enumerate(
        (
            {"powerState": "on"},
            {"powerState": "off"},
            {"powerState": "on", "status": "defectiveLamp"},
            {"status": "ok"},
        )
    ):
        device_services.device_register(
            ref=f"SL-D{n}", device_type="StreetLight", latitude=47.76 + n / 1000, longitude=27.93
        )
        send(f"SL-D{n}", {NOW - HOUR: values})
    device_services.device_register(
        ref="SL-OLD", device_type="StreetLight", latitude=47.77, longitude=27.93, is_connected=False
    )
    html = client.get("/dashboard/").content.decode()
    # On and off by schedule both work; the faulty one does not; the lamp without a power
    # state yet and the one without a controller do not count.
    assert figure(html, "lights-working") == "66,7%"
    assert figure(html, "lights-faulty") == "1"


def test_the_air_tile_shows_the_worst_and_the_average_station(client, balti, send):
    for ref, pm in (("AQ-D1", 8.0), ("AQ-D2", 22.0), ("AQ-D3", 40.0)):
        device_services.device_register(
            ref=ref, device_type="AirQualityObserved", latitude=47.76, longitude=27.93
        )
        send(ref, {NOW - h * HOUR: {"pm25": pm, "no2": 10.0} for h in range(24)})
    html = client.get("/dashboard/").content.decode()
    assert figure(html, "air-worst") == "Slab"  # 40 µg/m³ of PM2.5: level 4, poor
    assert figure(html, "air-average") == "Moderat"  # (1 + 3 + 4) / 3 rounds to 3
    assert figure(html, "air-stations") == "3"
    assert "eaqi-4" in tile(html, "air")


def test_the_events_tile_lists_the_next_events(client, balti):
    for days, title in ((-3, "Trecut"), (2, "Hackathon Bălți"), (5, "Consultare publică")):
        Event.objects.create(
            title=title,
            kind="workshop",
            starts_at=NOW + datetime.timedelta(days=days),
            ends_at=NOW + datetime.timedelta(days=days, hours=2),
        )
    html = tile(client.get("/dashboard/").content.decode(), "events")
    assert figure(html, "events-upcoming") == "2"
    assert "Hackathon Bălți" in html and "Consultare publică" in html
    assert "Trecut" not in html


def test_the_waste_tile_counts_containers_due_and_overflowing(client, balti, send):
    for ref, level in (("WC-D1", 0.3), ("WC-D2", 0.9), ("WC-D3", 1.1)):
        device_services.device_register(
            ref=ref, device_type="WasteContainer", latitude=47.76, longitude=27.93
        )
        send(ref, {NOW - HOUR: {"fillingLevel": level}})
    html = client.get("/dashboard/").content.decode()
    assert figure(html, "waste-due") == "2"
    assert figure(html, "waste-over") == "1"
    assert figure(html, "waste-total") == "3"
