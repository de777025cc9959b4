"""The catalogue page and a dataset's page."""

from __future__ import annotations

import datetime

from .conftest import NOW


def test_the_catalogue_lists_every_dataset_with_its_licence(client, db):
    html = client.get("/opendata/").content.decode()
    for slug in ("service-requests", "street-lights", "air-quality-hourly", "events"):
        assert f'data-testid="dataset-{slug}"' in html
    assert "ODbL-1.0" in html and "CC-BY-4.0" in html
    assert 'href="/opendata/catalog.rdf"' in html


def test_the_catalogue_filters_by_theme_and_search(client, db):
    html = client.get("/opendata/?theme=ENVI").content.decode()
    assert 'data-testid="dataset-air-quality-hourly"' in html
    assert 'data-testid="dataset-events"' not in html
    html = client.get("/opendata/?q=Open311").content.decode()
    assert 'data-testid="dataset-service-requests"' in html
    assert 'data-testid="dataset-street-lights"' not in html


def test_an_unknown_theme_in_the_address_shows_everything(client, db):
    html = client.get("/opendata/?theme=<script>").content.decode()
    assert 'data-testid="dataset-events"' in html
    assert "<script>" not in html.split("<main>")[1].split("</main>")[0]


def test_a_dataset_page_shows_metadata_downloads_and_a_preview(client, reported):
    reported(at=NOW - datetime.timedelta(days=1))
    html = client.get("/opendata/service-requests/").content.decode()
    assert 'data-testid="download-geojson"' in html
    assert "Creative Commons Attribution 4.0 International" in html
    assert 'data-testid="row-count">1<' in html
    assert 'data-testid="preview"' in html and "street-light-out" in html


def test_an_empty_dataset_says_so_and_an_unknown_one_is_a_404(client, db):
    html = client.get("/opendata/events/").content.decode()
    assert 'data-testid="preview-empty"' in html
    assert client.get("/opendata/nothing-here/").status_code == 404


def test_the_navigation_and_the_home_page_lead_to_the_dashboard_and_the_data(client, db):
    html = client.get("/").content.decode()
    assert 'data-testid="nav-dashboard"' in html and 'href="/dashboard/"' in html
    assert 'data-testid="nav-opendata"' in html and 'href="/opendata/"' in html
    assert 'data-testid="home-dashboard"' in html
