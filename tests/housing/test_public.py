"""The outages on the public map, in open data, on the dashboard; the blocks' pages."""

from __future__ import annotations

import json

from django.urls import reverse

from smartcity.housing import services
from smartcity.opendata import tiles
from tests.housing.conftest import DAY, HOUR, NOW, entry


def current_and_planned(blocks, providers):
    current = services.outage_save(
        entry=entry(
            providers["heating"],
            kind="emergency",
            street="",
            number_from=None,
            number_to=None,
            blocks=[blocks["independentei-12"]],
            starts_at=NOW - HOUR,
            expected_end_at=NOW + 5 * HOUR,
            reason="Avarie pe conductă",
        )
    )
    planned = services.outage_save(entry=entry(providers["water"]))
    ended = services.outage_save(
        entry=entry(
            providers["water"],
            starts_at=NOW - 3 * DAY,
            expected_end_at=NOW - 3 * DAY + 4 * HOUR,
            ended_at=NOW - 3 * DAY + 3 * HOUR,
        )
    )
    return current, planned, ended


def test_the_map_page_lists_outages_now_and_planned_and_loads_no_tiles(client, blocks, providers):
    current, planned, ended = current_and_planned(blocks, providers)
    html = client.get(reverse("housing:outages")).content.decode()
    assert html.count('data-testid="outage"') == 2
    assert 'data-phase="current"' in html and 'data-phase="planned"' in html
    assert 'data-tiles=""' in html  # the tests' settings: no tile server
    assert "Avarie pe conductă" not in html  # reasons are on each outage's page
    assert (
        "Avarie pe conductă"
        in client.get(reverse("housing:outage", args=[current.pk])).content.decode()
    )


def test_the_maps_geojson_places_each_outage_at_the_blocks_it_reaches(client, blocks, providers):
    current, planned, _ended = current_and_planned(blocks, providers)
    features = client.get(reverse("housing:outages_geojson")).json()["features"]
    by_id = {f["properties"]["id"]: f for f in features}
    assert set(by_id) == {current.pk, planned.pk}
    assert by_id[current.pk]["geometry"]["coordinates"] == [27.93, 47.7625]
    assert by_id[current.pk]["properties"]["phase"] == "current"
    assert by_id[planned.pk]["properties"]["where"] == "str. Decebal 8–14"


def test_outages_are_an_open_dataset_in_the_dcat_catalogue(client, blocks, providers):
    current_and_planned(blocks, providers)
    catalogue = client.get("/opendata/catalog.jsonld").content.decode()
    assert "utility-outages" in catalogue
    rows = json.loads(b"".join(client.get("/opendata/utility-outages.json").streaming_content))
    records = rows if isinstance(rows, list) else rows.get("rows", rows.get("data", []))
    assert len(records) == 3
    assert {r["provider"] for r in records} == {"S.A. Termogaz-Bălți", "S.A. Apă-Canal Bălți"}
    assert all("entered_by" not in r for r in records)
    assert any(r["buildings"] == "str. Decebal 10; str. Decebal 12" for r in records)


def test_the_dashboard_counts_outages_going_on_and_planned(blocks, providers):
    current_and_planned(blocks, providers)
    shown = {s.place: s for s in tiles.dashboard_tiles(now=NOW, fresh=True)}
    figures = {f.key: f.value for f in shown["housing"].reading.figures}
    assert figures == {"outages-current": "1", "outages-planned": "1"}
    assert shown["housing"].url == reverse("housing:outages")


def test_without_blocks_or_outages_the_dashboard_has_no_data_yet(db):
    shown = {s.place: s for s in tiles.dashboard_tiles(now=NOW, fresh=True)}
    assert shown["housing"].reading is None


def test_a_building_is_found_by_street_and_number_without_diacritics(client, blocks):
    html = client.get(reverse("housing:blocks"), {"q": "independentei 12"}).content.decode()
    assert "str. Independenței 12" in html and "str. Decebal" not in html
    html = client.get(reverse("housing:blocks"), {"q": "Decebal"}).content.decode()
    assert html.count("str. Decebal") == 3


def test_a_buildings_page_lists_its_outages(client, blocks, providers):
    current_and_planned(blocks, providers)
    html = client.get(reverse("housing:block", args=[blocks["decebal-12"].pk])).content.decode()
    assert html.count('data-testid="outage"') == 2  # the planned one and the ended one
    assert client.get(reverse("housing:block", args=[99999])).status_code == 404
