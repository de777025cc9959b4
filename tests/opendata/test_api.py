"""The catalogue API: datasets, their metadata and their rows, page by page."""

from __future__ import annotations

import datetime

import pytest

from smartcity.opendata import api, registry

from .conftest import NOW


def test_the_dataset_list_is_paginated_with_links(client, db):
    every = [d.slug for d in registry.datasets()]
    assert len(every) > 4 and every == sorted(every)
    first = client.get("/api/opendata/datasets?page_size=4").json()
    assert first["count"] == len(every)
    assert [d["slug"] for d in first["results"]] == every[:4]
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/opendata/datasets?page_size=4&page=2"
    second = client.get(first["next"]).json()
    assert [d["slug"] for d in second["results"]] == every[4:8]
    assert second["previous"].endswith("page=1")
    last = client.get(f"/api/opendata/datasets?page_size=4&page={(len(every) + 3) // 4}").json()
    assert [d["slug"] for d in last["results"]] == every[(len(every) + 3) // 4 * 4 - 4 :]
    assert last["next"] is None


def test_the_dataset_list_filters_by_theme_and_refuses_an_unknown_one(client, db):
    found = client.get("/api/opendata/datasets?theme=ENVI").json()
    assert [d["slug"] for d in found["results"]] == ["air-quality-hourly", "waste-containers"]
    refused = client.get("/api/opendata/datasets?theme=WEATHER")
    assert refused.status_code == 400
    assert "ENVI" in refused.json()["detail"]


def test_a_datasets_metadata_has_its_licence_columns_and_downloads(client, reported):
    reported(at=NOW - datetime.timedelta(days=2))
    found = client.get("/api/opendata/datasets/service-requests").json()
    assert found["licence"]["uri"] == "http://creativecommons.org/licenses/by/4.0/"
    assert found["rows"] == 1
    assert "latitude" in [c["name"] for c in found["columns"]]
    assert {d["format"] for d in found["distributions"]} == {"csv", "json", "geojson"}
    assert found["themes"][0].startswith("http://publications.europa.eu/")
    assert found["temporal_start"].startswith("2026-11-27T12:00:00")


def test_rows_come_a_page_at_a_time_in_the_download_order(client, reported):
    for days in (5, 4, 3, 2, 1):
        reported(at=NOW - datetime.timedelta(days=days))
    page = client.get("/api/opendata/datasets/service-requests/rows?page=2&page_size=2").json()
    assert page["count"] == 5
    assert [r["requested_at"] for r in page["results"]] == [
        "2026-11-26T12:00:00Z",
        "2026-11-27T12:00:00Z",
    ]
    assert page["next"].endswith("page=3&page_size=2")
    last = client.get("/api/opendata/datasets/service-requests/rows?page=3&page_size=2").json()
    assert len(last["results"]) == 1 and last["next"] is None
    beyond = client.get("/api/opendata/datasets/service-requests/rows?page=9&page_size=2").json()
    assert beyond["results"] == []


def test_bad_paging_and_unknown_datasets_get_clear_errors(client, db):
    too_big = client.get("/api/opendata/datasets/events/rows?page_size=5000")
    assert too_big.status_code == 400
    assert too_big.json()["fields"][0]["field"] == "page_size"
    assert client.get("/api/opendata/datasets/events/rows?page=0").status_code == 400
    missing = client.get("/api/opendata/datasets/no-such")
    assert missing.status_code == 404
    assert missing.json()["detail"]


BAD_NUMBERS = ["9223372036854775807", "9223372036854775808", "10" * 20, "-1", "0", "abc", "1.5"]


@pytest.mark.parametrize("value", BAD_NUMBERS)
@pytest.mark.parametrize("parameter", ["page", "page_size"])
@pytest.mark.parametrize("slug", ["service-requests", "events"])  # paged in SQL, and not
def test_a_page_or_size_out_of_range_or_not_a_number_is_refused_by_name(
    client, reported, slug, parameter, value
):
    reported(at=NOW - datetime.timedelta(days=1))
    refused = client.get(f"/api/opendata/datasets/{slug}/rows", {parameter: value})
    assert refused.status_code == 400
    assert [error["field"] for error in refused.json()["fields"]] == [parameter]


@pytest.mark.parametrize("value", BAD_NUMBERS)
@pytest.mark.parametrize("parameter", ["page", "page_size"])
def test_the_dataset_list_refuses_a_bad_page_or_size_by_name(client, db, parameter, value):
    refused = client.get("/api/opendata/datasets", {parameter: value})
    assert refused.status_code == 400
    assert [error["field"] for error in refused.json()["fields"]] == [parameter]


def test_the_last_page_a_client_may_ask_for_is_answered(client, reported):
    reported(at=NOW - datetime.timedelta(days=1))
    last = client.get(
        "/api/opendata/datasets/service-requests/rows",
        {"page": api.MAX_PAGE, "page_size": api.MAX_PAGE_SIZE},
    )
    assert last.status_code == 200
    assert last.json()["results"] == [] and last.json()["count"] == 1
