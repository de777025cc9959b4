"""The one registry of importers behind `smartcity import <source>`."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

import smartcity.imports as registry


def test_apps_register_their_importers_through_importers_modules():
    found = registry.importers()
    assert "gtfs" in found
    assert "GTFS" in found["gtfs"].help


def test_a_second_importer_for_the_same_source_is_refused(monkeypatch):
    monkeypatch.setattr(registry, "_registry", dict(registry.importers()))
    with pytest.raises(ValueError, match="already registered"):
        registry.register("gtfs", help="another")(lambda path: "")


def test_an_unknown_source_is_refused_by_the_command(db):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("import", "nonexistent", "feed.zip")
