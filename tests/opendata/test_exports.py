"""Downloads: CSV, JSON and GeoJSON, streamed, and nothing personal in them."""

from __future__ import annotations

import csv
import datetime
import io
import json
import tracemalloc

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from smartcity.collaboration.models import Event, Organisation
from smartcity.opendata import registry
from smartcity.opendata.exports import ROWS_PER_PIECE
from smartcity.opendata.registry import CC_BY_4, Column, Dataset
from smartcity.service_requests import services
from smartcity.service_requests.models import ServiceCategory

from .conftest import NOW


def body(response) -> str:
    assert response.streaming
    return b"".join(response.streaming_content).decode()


def download(client, slug, fmt):
    response = client.get(reverse("opendata:download", args=[slug, fmt]))
    assert response.status_code == 200, response
    return response


@pytest.fixture
def big(monkeypatch):
    """A registered dataset of a million generated rows that counts how many were read."""
    read = {"rows": 0}

    def rows():
        for n in range(1_000_000):
            read["rows"] += 1
            yield {"n": n, "name": f"row {n}", "latitude": 47.76, "longitude": 27.93}

    dataset = Dataset(
        slug="big-test",
        title="Big",
        description="Many rows.",
        themes=("TECH",),
        keywords=(),
        licence=CC_BY_4,
        frequency="DAILY",
        columns=(
            Column("n", "n", "integer"),
            Column("name", "name"),
            Column("latitude", "lat", "number"),
            Column("longitude", "lon", "number"),
        ),
        rows=rows,
        count=lambda: 1_000_000,
        located=True,
    )
    monkeypatch.setitem(registry._datasets, dataset.slug, dataset)
    return read


def test_the_reporters_name_email_phone_and_text_never_reach_the_export(client, reported):
    services.request_submit(
        draft=services.RequestDraft(
            category=ServiceCategory.objects.get(code="street-light-out"),
            description="Felinarul de lângă blocul Mariei Ionescu, sunați 069123456",
            latitude=47.761234,
            longitude=27.928765,
            address="str. Ștefan cel Mare 14, ap. 7",
            reporter=services.Reporter(
                email="maria.ionescu@example.md",
                first_name="Maria",
                last_name="Ionescu",
                phone="069123456",
            ),
        )
    )
    for fmt in ("csv", "json", "geojson"):
        text = body(download(client, "service-requests", fmt))
        for secret in ("maria.ionescu", "Ionescu", "Maria", "069123456", "Felinarul", "ap. 7"):
            assert secret not in text, (fmt, secret)
        assert "street-light-out" in text
    rows = json.loads(body(download(client, "service-requests", "json")))
    assert (rows[0]["latitude"], rows[0]["longitude"]) == (47.761, 27.929)
    assert "tracking_code" not in rows[0]


def test_hidden_reports_are_not_published(client, reported):
    request = reported(at=NOW - datetime.timedelta(hours=2))
    reported(at=NOW - datetime.timedelta(hours=1))
    admin = get_user_model().objects.get(username="admin")
    services.request_set_hidden(request=request, user=admin, hidden=True)
    rows = json.loads(body(download(client, "service-requests", "json")))
    assert len(rows) == 1


def test_the_csv_has_a_header_of_the_columns_and_one_line_per_row(client, reported):
    reported(at=NOW - datetime.timedelta(days=3), close_at=NOW - datetime.timedelta(days=1))
    reported(at=NOW - datetime.timedelta(days=2))
    response = download(client, "service-requests", "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="service-requests-20261129.csv"' in response["Content-Disposition"]
    assert CC_BY_4.uri in response["Link"]
    rows = list(csv.DictReader(io.StringIO(body(response).lstrip("\ufeff"))))
    assert [r["status"] for r in rows] == ["closed", "open"]
    assert rows[0]["requested_at"] == "2026-11-26T12:00:00Z"
    assert rows[0]["closed_at"] == "2026-11-28T12:00:00Z"
    assert rows[1]["closed_at"] == ""


def test_geojson_is_a_valid_feature_collection_with_longitude_first(client, balti):
    Organisation.objects.create(
        name="Universitatea de Stat „Alecu Russo”",
        kind="academia",
        email="rector@usarb.md",
        phone="+373 231 52 430",
        latitude=47.7538,
        longitude=27.9183,
    )
    Organisation.objects.create(name="Fără adresă", kind="ngo")
    response = download(client, "organisations", "geojson")
    assert response["Content-Type"] == "application/geo+json"
    text = body(response)
    document = json.loads(text)
    assert document["type"] == "FeatureCollection"
    # The one without a position is left out of the map, not given a false one.
    assert len(document["features"]) == 1
    feature = document["features"][0]
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [27.9183, 47.7538]}
    assert feature["properties"]["name"].startswith("Universitatea")
    assert "latitude" not in feature["properties"]
    assert "rector@usarb.md" not in text and "52 430" not in text


def test_json_rows_of_events_carry_their_page_and_no_registrant(client, balti):
    event = Event.objects.create(
        title="Atelier: date deschise",
        kind="workshop",
        starts_at=NOW + datetime.timedelta(days=3),
        ends_at=NOW + datetime.timedelta(days=3, hours=2),
        place="Primăria Bălți",
    )
    event.registrations.create(name="Ion Rusu", email="ion.rusu@example.md", status="confirmed")
    text = body(download(client, "events", "json"))
    rows = json.loads(text)
    assert rows == [
        {
            "id": event.pk,
            "title": "Atelier: date deschise",
            "kind": "workshop",
            "starts_at": "2026-12-02T12:00:00Z",
            "ends_at": "2026-12-02T14:00:00Z",
            "place": "Primăria Bălți",
            "online_url": "",
            "capacity": None,
            "url": f"http://testserver/collaboration/events/{event.pk}/",
        }
    ]
    assert "ion.rusu" not in text


def test_a_download_starts_before_the_dataset_is_read_to_the_end(client, big):
    response = client.get(reverse("opendata:download", args=["big-test", "csv"]))
    pieces = iter(response.streaming_content)
    first = next(pieces).decode()
    assert first.startswith("\ufeffn,name,latitude,longitude")
    # One header piece, then pieces of a few hundred rows: never the million.
    next(pieces)
    assert big["rows"] <= 2 * ROWS_PER_PIECE + 1


@pytest.mark.parametrize("fmt", ["csv", "json", "geojson"])
def test_a_large_export_streams_in_constant_memory(client, big, fmt):
    response = client.get(reverse("opendata:download", args=["big-test", fmt]))
    tracemalloc.start()
    written = 0
    try:
        for piece in response.streaming_content:
            written += len(piece)
            if big["rows"] >= 100_000:
                break
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert written > 2_000_000
    # 100,000 rows written (megabytes of text) while memory held stays far smaller.
    assert peak < 1_000_000, peak


def test_an_unknown_dataset_or_format_is_a_404(client, db):
    assert client.get("/opendata/no-such-data.csv").status_code == 404
    assert client.get("/opendata/events.xlsx").status_code == 404
    assert client.get("/opendata/events.geojson").status_code == 404


def test_a_request_not_yet_on_the_map_is_exported_without_coordinates(client, balti):
    from tests.factories import service_request_submit

    service_request_submit()
    service_request_submit(
        category="pothole", latitude=None, longitude=None, to_be_placed=True, address="Curtea"
    )
    rows = list(
        csv.DictReader(
            io.StringIO(body(download(client, "service-requests", "csv")).lstrip("\ufeff"))
        )
    )
    assert sorted((r["service_code"], r["latitude"]) for r in rows) == [
        ("pothole", ""),
        ("street-light-out", "47.762"),
    ]
    as_json = json.loads(body(download(client, "service-requests", "json")))
    assert sorted(str(r["latitude"]) for r in as_json) == ["47.762", "None"]
    geojson = json.loads(body(download(client, "service-requests", "geojson")))
    assert [f["properties"]["service_code"] for f in geojson["features"]] == ["street-light-out"]
    page = client.get("/api/opendata/datasets/service-requests/rows").json()
    assert sorted(str(r["latitude"]) for r in page["results"]) == ["47.762", "None"]
