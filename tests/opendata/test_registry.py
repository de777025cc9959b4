"""The catalogue is filled by the apps' own datasets.py modules."""

from __future__ import annotations

import pytest

from smartcity.opendata import registry
from smartcity.opendata.registry import CC_BY_4, Column, Dataset

INSTALLED = {
    "service-requests",
    "street-lights",
    "air-quality-hourly",
    "waste-containers",
    "events",
    "organisations",
    "transit-gtfs",
    "transit-stops",
    "transit-vehicles",
    "strategy-indicators",
    "strategy-plans",
    "skills-study-results",
    "utility-outages",
    "education-culture-institutions",
    "kindergarten-places",
    "applications-answered-in-term",
}


def _dataset(**changes):
    fields = {
        "slug": "test-data",
        "title": "Test",
        "description": "A test.",
        "themes": ("ENVI",),
        "keywords": ("test",),
        "licence": CC_BY_4,
        "frequency": "DAILY",
        "columns": (Column("name", "name"),),
        "rows": lambda: iter(()),
        "count": lambda: 0,
    }
    fields.update(changes)
    return Dataset(**fields)


def test_every_installed_domain_registers_its_datasets_at_startup():
    assert {d.slug for d in registry.datasets()} == INSTALLED


def test_each_dataset_has_a_licence_with_a_uri_and_eu_themes():
    for dataset in registry.datasets():
        assert dataset.licence.uri.startswith("http://")
        assert dataset.themes and all(t in registry.THEMES for t in dataset.themes)


def test_the_catalogue_filters_by_theme_and_by_words():
    assert [d.slug for d in registry.datasets(theme="ENVI")] == [
        "air-quality-hourly",
        "waste-containers",
    ]
    assert [d.slug for d in registry.datasets(text="DIMMING level")] == ["street-lights"]
    assert registry.datasets(text="nothing like this") == []


def test_an_unknown_theme_or_frequency_is_refused_when_registering():
    with pytest.raises(ValueError, match="unknown themes"):
        _dataset(themes=("WEATHER",))
    with pytest.raises(ValueError, match="unknown frequency"):
        _dataset(frequency="SOMETIMES")


def test_a_located_dataset_needs_latitude_and_longitude_columns():
    with pytest.raises(ValueError, match="latitude"):
        _dataset(located=True)


def test_a_second_dataset_with_a_taken_slug_is_refused():
    with pytest.raises(ValueError, match="already registered"):
        registry.dataset_register(_dataset(slug="events"))


def test_only_located_datasets_offer_geojson():
    assert registry.dataset_by_slug("events").formats == ("csv", "json")
    assert "geojson" in registry.dataset_by_slug("service-requests").formats


def test_a_search_finds_a_dataset_in_any_of_the_three_languages():
    for words in ("containerele de deșeuri", "контейнеры для отходов", "waste containers"):
        assert [d.slug for d in registry.datasets(text=words)] == ["waste-containers"], words
