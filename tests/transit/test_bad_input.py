"""A GTFS feed with problems: a clear report (file, line, field, message), nothing imported."""

from __future__ import annotations

import io

import pytest
from django.utils import translation

from smartcity.transit import services
from smartcity.transit.gtfs import load
from smartcity.transit.models import FeedInfo, Route, Stop, StopTime, Trip
from tests.transit.conftest import FEED, gtfs_zip


def problems_of(archive: io.BytesIO) -> list[tuple[str, int | None, str, str]]:
    with translation.override("en"), pytest.raises(services.FeedInvalidError) as refused:
        services.feed_import(file=archive, source_name="bad.zip")
    return [(p.file, p.line, p.field, p.message) for p in refused.value.problems]


def test_a_file_that_is_not_a_zip_is_refused(db):
    assert problems_of(io.BytesIO(b"PK not really a zip")) == [
        ("", None, "", "The file is not a valid zip archive.")
    ]
    assert not Route.objects.exists()


def test_missing_required_files_are_each_named(db):
    problems = problems_of(
        gtfs_zip({"stops.txt": None, "calendar.txt": None, "calendar_dates.txt": None})
    )
    assert ("stops.txt", None, "", "This required file is missing.") in problems
    assert any(p[0] == "calendar.txt" and "calendar_dates.txt" in p[3] for p in problems)


def test_files_inside_a_folder_are_refused_with_the_reason(db):
    import zipfile

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        for name, text in FEED.items():
            zipped.writestr(f"feed/{name}", text)
    archive.seek(0)
    assert "root of the zip" in problems_of(archive)[0][3]


def test_a_missing_required_column_is_reported_on_the_header_line(db):
    stops = FEED["stops.txt"].replace("stop_id,", "id,")
    assert ("stops.txt", 1, "stop_id", "This required column is missing.") in problems_of(
        gtfs_zip({"stops.txt": stops})
    )


def test_references_to_unknown_routes_stops_and_services_are_reported(db):
    trips = FEED["trips.txt"].replace("R1,WD,R1-WD", "R9,XX,R1-WD")
    stop_times = FEED["stop_times.txt"].replace("06:09:00,C,3", "06:09:00,Z,3")
    problems = problems_of(gtfs_zip({"trips.txt": trips, "stop_times.txt": stop_times}))
    assert ("trips.txt", 2, "route_id", "“R9” is not defined in routes.txt.") in problems
    assert ("trips.txt", 2, "service_id", "“XX” is not defined in calendar.txt.") in problems
    assert ("stop_times.txt", 4, "stop_id", "“Z” is not defined in stops.txt.") in problems


def test_malformed_and_backwards_times_are_reported(db):
    stop_times = FEED["stop_times.txt"].replace("06:04:00,06:05:00", "6:61:00,06:05:00")
    stop_times = stop_times.replace("23:58:00,23:58:00", "23:40:00,23:40:00")
    problems = problems_of(gtfs_zip({"stop_times.txt": stop_times}))
    assert problems == [
        (
            "stop_times.txt",
            3,
            "arrival_time",
            "“6:61:00”: must be a time written HH:MM:SS (hours may pass 24)",
        )
    ]
    # Once the format is right, the order is checked.
    stop_times = FEED["stop_times.txt"].replace("23:58:00,23:58:00", "23:40:00,23:40:00")
    assert problems_of(gtfs_zip({"stop_times.txt": stop_times})) == [
        ("stop_times.txt", 6, "arrival_time", "The time is earlier than at the stop before.")
    ]


def test_overlapping_or_empty_intervals_are_reported(db):
    frequencies = (
        "trip_id,start_time,end_time,headway_secs\n"
        "R1-WD,06:00:00,09:00:00,600\nR1-WD,08:00:00,10:00:00,600\nR1-WD,12:00:00,11:00:00,600\n"
    )
    problems = problems_of(gtfs_zip({"frequencies.txt": frequencies}))
    assert (
        "frequencies.txt",
        3,
        "start_time",
        "This interval overlaps another one of trip “R1-WD”.",
    ) in problems
    assert (
        "frequencies.txt",
        4,
        "end_time",
        "The end time must be after the start time.",
    ) in problems


def test_bad_values_name_the_line_and_field(db):
    routes = FEED["routes.txt"].replace(",11,1F5FA8", ",99,blue")
    agency = FEED["agency.txt"].replace("Europe/Chisinau", "Moldova/Balti")
    problems = problems_of(gtfs_zip({"routes.txt": routes, "agency.txt": agency}))
    fields = {(p[0], p[1], p[2]) for p in problems}
    assert fields == {
        ("routes.txt", 2, "route_type"),
        ("routes.txt", 2, "route_color"),
        ("agency.txt", 2, "agency_timezone"),
    }


def test_a_ragged_line_is_reported(db):
    stops = FEED["stops.txt"] + "E,Too,many,values,here\n"
    problems = problems_of(gtfs_zip({"stops.txt": stops}))
    assert problems == [("stops.txt", 5, "", "The line has 5 values where the header has 4.")]


def test_a_duplicate_id_is_reported(db):
    stops = FEED["stops.txt"] + "A,Again,47.76,27.92\n"
    assert problems_of(gtfs_zip({"stops.txt": stops})) == [
        ("stops.txt", 5, "stop_id", "“A” is used twice.")
    ]


def test_the_report_is_in_romanian_by_default(db):
    with pytest.raises(services.FeedInvalidError) as refused:
        services.feed_import(file=gtfs_zip({"routes.txt": None}), source_name="bad.zip")
    assert str(refused.value.problems[0]) == "routes.txt: Acest fișier obligatoriu lipsește."


def test_a_refused_feed_leaves_the_previous_feed_in_place(small_feed):
    before = (Route.objects.count(), Trip.objects.count(), StopTime.objects.count())
    with pytest.raises(services.FeedInvalidError):
        services.feed_import(file=gtfs_zip({"trips.txt": "trip_id\nX\n"}), source_name="bad.zip")
    assert (Route.objects.count(), Trip.objects.count(), StopTime.objects.count()) == before
    assert FeedInfo.objects.get().source == "test.zip"


def test_a_failure_while_writing_rolls_everything_back(small_feed, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(load, "_stop_times_load", fail)
    base = {**FEED, "stops.txt": FEED["stops.txt"] + "D,Nouă,47.75,27.91\n"}
    with pytest.raises(RuntimeError):
        services.feed_import(file=gtfs_zip(base=base), source_name="new.zip")
    assert not Stop.objects.filter(gtfs_id="D").exists()
    assert StopTime.objects.count() == 7
    assert FeedInfo.objects.get().source == "test.zip"
