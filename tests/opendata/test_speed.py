"""What keeps the portal fast: pages read only the rows they show, and the dashboard's
tiles and the DCAT-AP catalogue are kept for half a minute."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from smartcity.devices import services as device_services
from smartcity.opendata import dcat, registry, tiles
from smartcity.service_requests import selectors as request_selectors

from .conftest import NOW
from .test_dashboard import figure
from .test_registry import _dataset

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def asked():
    """A paged dataset that records the slices it is asked for."""
    calls = []

    def rows(*, offset=0, limit=None):
        calls.append((offset, limit))
        end = 1000 if limit is None else min(offset + limit, 1000)
        return ({"name": str(n)} for n in range(offset, end))

    return calls, _dataset(rows=rows, paged=True)


def test_a_paged_datasets_preview_asks_only_for_the_rows_it_shows(asked):
    calls, dataset = asked
    assert [r["name"] for r in dataset.preview(3)] == ["0", "1", "2"]
    assert [r["name"] for r in dataset.page(500, 2)] == ["500", "501"]
    assert calls == [(0, 3), (500, 2)]


def test_an_unpaged_dataset_is_read_from_its_start_and_sliced():
    dataset = _dataset(rows=lambda: ({"name": str(n)} for n in range(10)))
    assert [r["name"] for r in dataset.page(8, 5)] == ["8", "9"]


def test_the_rows_api_passes_its_page_down_to_the_dataset(client, db, asked, monkeypatch):
    calls, dataset = asked
    monkeypatch.setitem(registry._datasets, dataset.slug, dataset)
    page = client.get(f"/api/opendata/datasets/{dataset.slug}/rows?page=3&page_size=4").json()
    assert [r["name"] for r in page["results"]] == ["8", "9", "10", "11"]
    assert calls == [(8, 4)]


def test_service_request_rows_are_sliced_by_the_database_in_download_order(reported):
    for days in (6, 5, 4, 3, 2, 1):
        reported(at=NOW - datetime.timedelta(days=days))
    every = [r["requested_at"] for r in request_selectors.requests_for_open_data()]
    sliced = request_selectors.requests_for_open_data(offset=2, limit=3)
    assert [r["requested_at"] for r in sliced] == every[2:5]
    assert [r["requested_at"] for r in request_selectors.requests_for_open_data(offset=5)] == [
        every[5]
    ]


def test_the_street_lights_page_reads_twenty_lamps_of_many(
    client, balti, django_assert_max_num_queries
):
    for n in range(60):
        device_services.device_register(
            ref=f"SL-P{n:03d}", device_type="StreetLight", latitude=47.76, longitude=27.93
        )
    response = client.get("/opendata/street-lights/")
    html = response.content.decode()
    assert "SL-P019" in html and "SL-P020" not in html
    with django_assert_max_num_queries(12):
        client.get("/opendata/street-lights/")


def _lamp(send, ref, values):
    device_services.device_register(
        ref=ref, device_type="StreetLight", latitude=47.76, longitude=27.93
    )
    send(ref, {NOW - HOUR: values})


def test_the_dashboard_keeps_its_figures_for_half_a_minute(client, balti, send):
    _lamp(send, "SL-K1", {"powerState": "on"})
    assert figure(client.get("/dashboard/").content.decode(), "lights-faulty") == "0"
    _lamp(send, "SL-K2", {"powerState": "on", "status": "defectiveLamp"})
    with time_machine.travel(NOW + datetime.timedelta(seconds=tiles.TILES_SECONDS - 5)):
        assert figure(client.get("/dashboard/").content.decode(), "lights-faulty") == "0"
    with time_machine.travel(NOW + datetime.timedelta(seconds=tiles.TILES_SECONDS + 1)):
        assert figure(client.get("/dashboard/").content.decode(), "lights-faulty") == "1"


def test_the_dashboard_keeps_each_language_apart(client, balti, send):
    _lamp(send, "SL-L1", {"powerState": "on"})
    _lamp(send, "SL-L2", {"powerState": "on"})
    _lamp(send, "SL-L3", {"powerState": "on", "status": "defectiveLamp"})
    romanian = client.get("/dashboard/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/dashboard/").content.decode()
    assert figure(romanian, "lights-working") == "66,7%"
    assert figure(english, "lights-working") == "66.7%"


def test_the_catalogue_is_built_once_per_half_minute(client, db, monkeypatch):
    built = []
    original = dcat.catalogue_graph

    def counted():
        built.append(1)
        return original()

    monkeypatch.setattr(dcat, "catalogue_graph", counted)
    first = client.get("/opendata/catalog.jsonld").content
    assert client.get("/opendata/catalog.jsonld").content == first
    client.get("/opendata/catalog.rdf")
    assert len(built) == 2  # one per format
    with time_machine.travel(NOW + datetime.timedelta(seconds=dcat.CATALOGUE_SECONDS + 1)):
        client.get("/opendata/catalog.jsonld")
    assert len(built) == 3


def test_the_catalogue_asks_each_dataset_once_when_it_last_changed(db, monkeypatch):
    asked = []

    def modified():
        asked.append(1)
        return NOW

    dataset = _dataset(modified=modified)
    monkeypatch.setitem(registry._datasets, dataset.slug, dataset)
    dcat.catalogue_graph()
    assert len(asked) == 1
