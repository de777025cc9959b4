"""Importing a GTFS zip: what lands in the database, and replacing the previous feed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from smartcity.transit import services
from smartcity.transit.models import (
    CalendarDate,
    FeedInfo,
    Frequency,
    Route,
    ServiceAlert,
    Stop,
    StopTime,
    Trip,
)
from tests.transit.conftest import FEED, NOW, gtfs_zip


def test_a_valid_feed_is_imported_with_gtfs_times_past_midnight(small_feed):
    assert Route.objects.count() == 2
    assert Stop.objects.count() == 3
    night = StopTime.objects.get(trip__gtfs_id="RN-2", stop_sequence=1)
    assert night.departure_time == 25 * 3600 + 10 * 60
    assert list(
        Frequency.objects.filter(trip__gtfs_id="R1-WD").values_list(
            "start_time", "end_time", "headway_secs", "exact_times"
        )
    ) == [(6 * 3600, 9 * 3600, 600, True), (9 * 3600, 23 * 3600, 1200, False)]
    assert CalendarDate.objects.get().date == dt.date(2026, 12, 1)
    assert Trip.objects.get(gtfs_id="R1-WD").shape.points.count() == 3
    assert FeedInfo.objects.get().version == "test-1"


def test_translations_of_the_feed_fill_the_other_languages(small_feed):
    stop = Stop.objects.get(gtfs_id="A")
    assert stop.name_ro == "Piața Independenței"
    assert stop.name_ru == "Площадь Независимости"
    with translation.override("ru"):
        assert Stop.objects.get(gtfs_id="A").name == "Площадь Независимости"
    with translation.override("en"):  # no English: falls back to Romanian
        assert Stop.objects.get(gtfs_id="B").name == "str. Decebal"


def test_a_new_feed_replaces_the_old_and_alerts_keep_their_lines(small_feed):
    route = Route.objects.get(gtfs_id="R1")
    alert = services.alert_publish(
        header={"ro": "Ocolire"},
        description={},
        cause=10,
        effect=4,
        severity=3,
        active_from=NOW,
        active_until=None,
        routes=[route],
        stops=[],
    )
    trips = FEED["trips.txt"].replace("RN,WD,RN-2,Autogara Centrală,0,\n", "")
    stop_times = "\n".join(
        line for line in FEED["stop_times.txt"].splitlines() if "RN-2" not in line
    )
    services.feed_import(
        file=gtfs_zip({"trips.txt": trips, "stop_times.txt": stop_times + "\n"}),
        source_name="second.zip",
    )
    assert not Trip.objects.filter(gtfs_id="RN-2").exists()
    assert Trip.objects.count() == 2
    assert Route.objects.get(gtfs_id="R1").pk == route.pk
    assert list(ServiceAlert.objects.get(pk=alert.pk).routes.all()) == [route]
    assert FeedInfo.objects.get().source == "second.zip"


def test_the_import_command_imports_a_zip(db, tmp_path, capsys):
    path = tmp_path / "balti.zip"
    path.write_bytes(gtfs_zip().getvalue())
    call_command("import", "gtfs", str(path))
    assert "2" in capsys.readouterr().out
    assert Route.objects.count() == 2


def test_the_import_command_lists_every_problem_and_imports_nothing(db, tmp_path, capsys):
    path = tmp_path / "bad.zip"
    bad_stops = FEED["stops.txt"] + "D,Nicăieri,91.5,27.9\n"
    path.write_bytes(gtfs_zip({"stops.txt": bad_stops, "routes.txt": None}).getvalue())
    with translation.override("en"), pytest.raises(CommandError, match="nothing was imported"):
        call_command("import", "gtfs", str(path))
    errors = capsys.readouterr().err
    assert "routes.txt: This required file is missing." in errors
    assert "stops.txt:5 stop_lat:" in errors
    assert not Route.objects.exists() and not Stop.objects.exists()


def test_the_import_command_reports_a_missing_file(db, tmp_path, capsys):
    with translation.override("en"), pytest.raises(CommandError):
        call_command("import", "gtfs", str(tmp_path / "absent.zip"))
    assert "Cannot read" in capsys.readouterr().err
