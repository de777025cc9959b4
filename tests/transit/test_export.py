"""The city's feed as a GTFS zip: valid to the canonical rules, and re-importable."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

from django.urls import reverse

from smartcity.transit import services
from smartcity.transit.gtfs.export import feed_export
from smartcity.transit.models import Frequency, Route, StopTime
from tests.transit.conftest import gtfs_zip

VALIDATOR = [
    sys.executable,
    "-c",
    "import sys; from gtfs_validator.cli import main; sys.exit(main())",
]


def validate(feed: bytes, tmp_path: Path) -> list[dict]:
    """The notices of gtfs-validator (the canonical rule set) on the feed, by severity."""
    (tmp_path / "feed.zip").write_bytes(feed)
    subprocess.run(
        [
            *VALIDATOR,
            "-i",
            str(tmp_path / "feed.zip"),
            "-o",
            str(tmp_path / "out"),
            "-d",
            "2026-11-30",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    system = json.loads((tmp_path / "out" / "system_errors.json").read_text())
    assert system["notices"] == []
    return json.loads((tmp_path / "out" / "report.json").read_text())["notices"]


def errors(notices: list[dict]) -> list[tuple[str, int]]:
    return [(n["code"], n["totalNotices"]) for n in notices if n["severity"] == "ERROR"]


def test_the_exported_demo_feed_has_no_errors_for_the_gtfs_validator(demo_feed, tmp_path):
    feed = feed_export()
    assert {"frequencies.txt", "shapes.txt", "feed_info.txt", "calendar.txt"} <= set(
        zipfile.ZipFile(io.BytesIO(feed)).namelist()
    )
    assert errors(validate(feed, tmp_path)) == []


def test_the_validator_does_find_errors_in_a_broken_feed(tmp_path):
    # The check above can fail: the same validator flags a feed missing routes.txt.
    broken = gtfs_zip({"routes.txt": None}).getvalue()
    assert ("missing_required_file", 1) in errors(validate(broken, tmp_path))


def test_export_then_import_gives_back_the_same_feed(demo_feed):
    first = feed_export()
    counts = (Route.objects.count(), StopTime.objects.count(), Frequency.objects.count())
    services.feed_import(file=io.BytesIO(first), source_name="round-trip.zip")
    assert (Route.objects.count(), StopTime.objects.count(), Frequency.objects.count()) == counts
    again = zipfile.ZipFile(io.BytesIO(feed_export()))
    original = zipfile.ZipFile(io.BytesIO(first))
    assert again.namelist() == original.namelist()
    for name in original.namelist():
        assert again.read(name) == original.read(name), name


def test_a_small_feed_keeps_times_past_midnight_and_translations(small_feed):
    exported = zipfile.ZipFile(io.BytesIO(feed_export()))
    assert "RN-2,25:10:00,25:10:00,A,1" in exported.read("stop_times.txt").decode()
    assert (
        "stops,stop_name,ru,Площадь Независимости,A" in exported.read("translations.txt").decode()
    )
    assert "R1-WD,06:00:00,09:00:00,600,1" in exported.read("frequencies.txt").decode()
    assert "WD,20261201,2" in exported.read("calendar_dates.txt").decode()


def test_the_feed_is_served_at_its_stable_address(client, small_feed):
    response = client.get("/transit/gtfs.zip")
    assert reverse("transit:gtfs_zip") == "/transit/gtfs.zip"
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "Last-Modified" in response
    assert "agency.txt" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    again = client.get("/transit/gtfs.zip", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304


def test_without_a_feed_the_address_answers_not_found(client, db):
    assert client.get("/transit/gtfs.zip").status_code == 404
