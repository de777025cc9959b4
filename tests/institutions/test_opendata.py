"""The institutions and the kindergarten places as datasets of the open data catalogue."""

from __future__ import annotations

import csv
import io
import json

from smartcity.institutions.csvimport import places_import_csv
from tests.institutions.test_places_import import GOOD, HEADER


def _rows(client, slug: str) -> list[dict]:
    content = b"".join(client.get(f"/opendata/{slug}.json").streaming_content)
    rows = json.loads(content)
    return rows if isinstance(rows, list) else rows.get("rows", rows.get("data", []))


def test_both_datasets_are_in_the_dcat_catalogue_with_their_downloads(client, institutions):
    places_import_csv(HEADER + GOOD)
    catalogue = json.loads(client.get("/opendata/catalog.jsonld").content)
    text = json.dumps(catalogue)
    for slug in ("education-culture-institutions", "kindergarten-places"):
        assert slug in text
        assert f"/opendata/{slug}.csv" in text
    assert "/opendata/education-culture-institutions.geojson" in text


def test_the_institutions_rows_carry_names_contacts_and_hours(client, institutions):
    rows = {r["kind"]: r for r in _rows(client, "education-culture-institutions")}
    theatre = rows["theatre"]
    assert theatre["name_ro"] == "Teatrul Național „Vasile Alecsandri”"
    assert theatre["name_ru"] == "Национальный театр им. Василе Александри"
    assert theatre["opening_hours"] == "Mo-Sa 10:00-19:00; Su 11:00-17:00"
    assert theatre["department"] == "cultura" and theatre["sector"] == "culture"
    assert rows["gymnasium"]["languages"] == "ro;ru"


def test_the_places_download_is_a_csv_per_district_and_period(client, institutions):
    places_import_csv(HEADER + GOOD)
    content = b"".join(client.get("/opendata/kindergarten-places.csv").streaming_content)
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert {(r["district"], r["free_places"]) for r in rows} == {("centru", "20"), ("dacia", "0")}
