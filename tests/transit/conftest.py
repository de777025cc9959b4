"""GTFS feeds for the transit tests, read at a fixed time: Monday 30 November 2026,
08:00 in Bălți (06:00 UTC)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
import time_machine

from smartcity.transit import demo

NOW = dt.datetime(2026, 11, 30, 6, 0, tzinfo=dt.UTC)

# A small valid feed: line 1 by interval (every 10 minutes, 06:00–09:00 and every
# 20 minutes 09:00–23:00) and line N with two fixed night departures, one past midnight.
FEED = {
    "agency.txt": (
        "agency_id,agency_name,agency_url,agency_timezone,agency_lang\n"
        "BTU,Direcția Troleibuze Bălți,https://balti.md,Europe/Chisinau,ro\n"
    ),
    "stops.txt": (
        "stop_id,stop_name,stop_lat,stop_lon\n"
        "A,Piața Independenței,47.7617,27.9289\n"
        "B,str. Decebal,47.7560,27.9230\n"
        "C,Autogara Centrală,47.7542,27.9182\n"
    ),
    "routes.txt": (
        "route_id,agency_id,route_short_name,route_long_name,route_type,route_color\n"
        "R1,BTU,1,Centru – Autogara,11,1F5FA8\n"
        "RN,BTU,N,Noaptea,3,\n"
    ),
    "trips.txt": (
        "route_id,service_id,trip_id,trip_headsign,direction_id,shape_id\n"
        "R1,WD,R1-WD,Autogara Centrală,0,S1\n"
        "RN,WD,RN-1,Autogara Centrală,0,\n"
        "RN,WD,RN-2,Autogara Centrală,0,\n"
    ),
    "stop_times.txt": (
        "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
        "R1-WD,06:00:00,06:00:00,A,1\n"
        "R1-WD,06:04:00,06:05:00,B,2\n"
        "R1-WD,06:09:00,06:09:00,C,3\n"
        "RN-1,23:50:00,23:50:00,A,1\n"
        "RN-1,23:58:00,23:58:00,C,2\n"
        "RN-2,25:10:00,25:10:00,A,1\n"
        "RN-2,25:18:00,25:18:00,C,2\n"
    ),
    "frequencies.txt": (
        "trip_id,start_time,end_time,headway_secs,exact_times\n"
        "R1-WD,06:00:00,09:00:00,600,1\n"
        "R1-WD,09:00:00,23:00:00,1200,0\n"
    ),
    "calendar.txt": (
        "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
        "WD,1,1,1,1,1,0,0,20261101,20271031\n"
    ),
    "calendar_dates.txt": "service_id,date,exception_type\nWD,20261201,2\n",
    "shapes.txt": (
        "shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence\n"
        "S1,47.7617,27.9289,1\nS1,47.7560,27.9230,2\nS1,47.7542,27.9182,3\n"
    ),
    "feed_info.txt": (
        "feed_publisher_name,feed_publisher_url,feed_lang,feed_version\n"
        "Primăria Bălți,https://balti.md,ro,test-1\n"
    ),
    "translations.txt": (
        "table_name,field_name,language,translation,record_id\n"
        "stops,stop_name,ru,Площадь Независимости,A\n"
    ),
}


def gtfs_zip(files: dict[str, str | None] | None = None, *, base: dict | None = None) -> io.BytesIO:
    """A zip of FEED with `files` replacing (or, when None, removing) some of its files."""
    content = dict(base if base is not None else FEED)
    for name, text in (files or {}).items():
        if text is None:
            content.pop(name, None)
        else:
            content[name] = text
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        for name, text in content.items():
            zipped.writestr(name, text.encode("utf-8"))
    archive.seek(0)
    return archive


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def small_feed(db):
    from smartcity.transit import services

    services.feed_import(file=gtfs_zip(), source_name="test.zip")


@pytest.fixture
def demo_feed(db):
    demo.transit_load(today=NOW.date())
