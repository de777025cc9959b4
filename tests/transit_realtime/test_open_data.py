"""Public transport in the open data catalogue and on the city dashboard."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
import time_machine

from smartcity.opendata import registry, tiles
from smartcity.transit.realtime.models import StopArrival, Vehicle

from .lines import MONDAY_8, when
from .network import line_create, morning_simulate


@pytest.fixture
def live(db):
    return morning_simulate()


def test_the_gtfs_feed_is_a_dataset_whose_distribution_is_the_zip(client, db):
    line_create()
    dataset = registry.dataset_by_slug("transit-gtfs")
    [gtfs] = dataset.distributions
    assert (gtfs.path(), gtfs.media_type) == ("/transit/gtfs.zip", "application/zip")
    assert [r["route_id"] for r in dataset.rows()] == ["L3"]
    api = client.get("/api/opendata/datasets/transit-gtfs").json()
    assert {
        "format": "gtfs",
        "media_type": "application/zip",
        "url": "http://testserver/transit/gtfs.zip",
    } in api["distributions"]
    page = client.get("/opendata/transit-gtfs/").content.decode()
    assert 'href="/transit/gtfs.zip"' in page


def test_stops_are_a_located_dataset_in_csv_json_and_geojson(client, db):
    line_create()
    dataset = registry.dataset_by_slug("transit-stops")
    assert dataset.formats == ("csv", "json", "geojson")
    assert dataset.count() == 7
    body = b"".join(client.get("/opendata/transit-stops.csv").streaming_content)
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert [r["stop_id"] for r in rows] == [f"A{i}" for i in range(7)]
    geo = json.loads(b"".join(client.get("/opendata/transit-stops.geojson").streaming_content))
    assert len(geo["features"]) == 7
    assert geo["features"][0]["geometry"]["type"] == "Point"


def test_the_gtfs_realtime_feeds_are_distributions_of_the_vehicles_dataset(client, live):
    dataset = registry.dataset_by_slug("transit-vehicles")
    paths = {d.key: (d.path(), d.media_type) for d in dataset.distributions}
    assert paths["vehicle-positions"] == (
        "/transit/gtfs-rt/vehicle-positions",
        "application/x-protobuf",
    )
    assert paths["trip-updates-json"] == (
        "/transit/gtfs-rt/trip-updates?format=json",
        "application/json",
    )
    assert paths["alerts"][0] == "/transit/gtfs-rt/alerts"
    with time_machine.travel(live, tick=False):
        rows = list(dataset.rows())
        assert len(rows) == dataset.count() == Vehicle.objects.filter(run__isnull=False).count()
        assert {r["line"] for r in rows} == {"3"}
        assert client.get(paths["trip-updates-json"][0]).status_code == 200


def test_the_dashboard_tile_shows_vehicles_in_service_and_todays_on_time_share(client, live):
    vehicle = Vehicle.objects.first()
    scheduled = live - datetime.timedelta(minutes=30)
    for start, late in enumerate((0, 60, 120, 600)):  # three on time, one ten minutes late
        StopArrival.objects.create(
            vehicle=vehicle,
            trip_ref="L3-X",
            route_ref="L3",
            start_date=scheduled.date(),
            start_time=start,
            stop_ref="A1",
            stop_sequence=1,
            arrived_at=scheduled + datetime.timedelta(seconds=late),
            scheduled_at=scheduled,
        )
    with time_machine.travel(live, tick=False):
        shown = {s.place: s for s in tiles.dashboard_tiles(now=live)}
        html = client.get("/dashboard/").content.decode()
    transit = shown["transit"]
    assert transit.url == "/transit/live/"
    figures = {f.key: f.value for f in transit.reading.figures}
    in_service = Vehicle.objects.filter(run__trip__isnull=False).count()
    assert figures["transit-vehicles"] == str(in_service) and in_service >= 2
    on_time = StopArrival.objects.filter(arrived_at__lte=live)
    ok = sum(-60 <= (a.arrived_at - a.scheduled_at).total_seconds() <= 180 for a in on_time)
    assert figures["transit-on-time"] == f"{ok / on_time.count():.0%}"
    assert "/transit/live/" in html and "vehicule în serviciu acum" in html


def test_without_vehicles_or_arrivals_the_tile_has_no_data_yet(db):
    line_create()
    shown = {s.place: s for s in tiles.dashboard_tiles(now=when(MONDAY_8))}
    assert shown["transit"].reading is None
