"""Scheduled departures: frequencies expanded for a service date, in Bălți's time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from smartcity.transit import selectors
from smartcity.transit.gtfs.times import service_instant, time_format, time_parse
from smartcity.transit.models import Route, Stop
from tests.transit.conftest import NOW

CHISINAU = ZoneInfo("Europe/Chisinau")
MONDAY = dt.date(2026, 11, 30)


def local(departure: selectors.Departure) -> str:
    return departure.at.astimezone(CHISINAU).strftime("%d %H:%M")


def test_gtfs_times_pass_24_hours_both_ways():
    assert time_parse("25:10:00") == 90600
    assert time_parse("6:05:00") == 6 * 3600 + 300
    assert time_format(90600) == "25:10:00"


def test_service_times_count_from_noon_minus_twelve_hours_on_the_day_clocks_change():
    # 28 March 2027: clocks go forward at 03:00 in Chișinău, so 00:00:00 of that
    # service day is 23:00 the evening before, and 12:00:00 is noon.
    spring = dt.date(2027, 3, 28)
    assert service_instant(spring, 12 * 3600, "Europe/Chisinau").astimezone(CHISINAU).hour == 12
    assert service_instant(spring, 0, "Europe/Chisinau") == dt.datetime(
        2027, 3, 27, 21, 0, tzinfo=dt.UTC
    )


def test_an_interval_line_is_expanded_from_start_inclusive_to_end_exclusive(small_feed):
    stop = Stop.objects.get(gtfs_id="B")
    departures = selectors.departures_for_date(
        MONDAY, stop=stop, route=Route.objects.get(gtfs_id="R1")
    )
    times = [local(d) for d in departures]
    # 06:00 + 5 minutes to stop B, every 10 minutes until 09:00, then every 20 until 23:00.
    assert times[:3] == ["30 06:05", "30 06:15", "30 06:25"]
    assert "30 08:55" in times and "30 09:05" in times and "30 09:15" not in times
    assert times[-1] == "30 22:45"
    assert len(times) == 18 + 42
    assert departures[0].headway is None  # exact times
    assert departures[-1].headway == 1200  # only the interval is promised


def test_the_last_stop_of_a_trip_is_not_a_departure(small_feed):
    assert selectors.departures_for_date(MONDAY, stop=Stop.objects.get(gtfs_id="C")) == []


def test_next_departures_include_last_nights_trips_past_midnight(small_feed):
    stop = Stop.objects.get(gtfs_id="A")
    # Tuesday 00:30 local: the 25:10 departure of Monday's service is next, at 01:10.
    night = dt.datetime(2026, 11, 30, 22, 30, tzinfo=dt.UTC)
    departures = selectors.stop_departures_next(stop, now=night, limit=1)
    assert [(local(d), d.service_date, d.trip.gtfs_id) for d in departures] == [
        ("01 01:10", MONDAY, "RN-2")
    ]


def test_next_departures_start_from_now_in_time_order(small_feed):
    departures = selectors.stop_departures_next(Stop.objects.get(gtfs_id="A"), now=NOW, limit=3)
    assert [local(d) for d in departures] == ["30 08:00", "30 08:10", "30 08:20"]


def test_a_removed_date_has_no_service_and_weekends_have_none(small_feed):
    stop = Stop.objects.get(gtfs_id="A")
    assert selectors.departures_for_date(dt.date(2026, 12, 1), stop=stop) == []
    assert selectors.departures_for_date(dt.date(2026, 12, 5), stop=stop) == []
    assert selectors.departures_for_date(dt.date(2026, 12, 2), stop=stop)


def test_the_timetable_gives_intervals_and_fixed_departures(small_feed):
    line, night = Route.objects.get(gtfs_id="R1"), Route.objects.get(gtfs_id="RN")
    (direction,) = selectors.route_timetable(line, MONDAY)
    assert [(s.name_ro, m) for s, m in direction.calls] == [
        ("Piața Independenței", 0),
        ("str. Decebal", 4),
        ("Autogara Centrală", 9),
    ]
    assert [(p.start, p.end, p.headway) for p in direction.periods] == [
        (21600, 32400, 600),
        (32400, 82800, 1200),
    ]
    (night_direction,) = selectors.route_timetable(night, MONDAY)
    assert night_direction.departures == [23 * 3600 + 50 * 60, 25 * 3600 + 10 * 60]


def test_alerts_in_force_for_a_line_include_those_naming_its_stops(small_feed):
    from smartcity.transit import services

    stop = Stop.objects.get(gtfs_id="B")
    alert = services.alert_publish(
        header={"ro": "Stație mutată"},
        description={},
        cause=10,
        effect=9,
        severity=3,
        active_from=NOW - dt.timedelta(hours=1),
        active_until=NOW + dt.timedelta(hours=1),
        routes=[],
        stops=[stop],
    )
    assert list(selectors.alerts_in_force(NOW, route=Route.objects.get(gtfs_id="R1"))) == [alert]
    assert list(selectors.alerts_in_force(NOW, route=Route.objects.get(gtfs_id="RN"))) == []
    assert list(selectors.alerts_in_force(NOW + dt.timedelta(hours=2), stop=stop)) == []


def test_an_untimed_stop_has_no_minutes_and_no_departure(db):
    from smartcity.transit import services
    from tests.transit.conftest import FEED, gtfs_zip

    stop_times = FEED["stop_times.txt"].replace("R1-WD,06:04:00,06:05:00,B,2", "R1-WD,,,B,2")
    services.feed_import(file=gtfs_zip({"stop_times.txt": stop_times}), source_name="t.zip")
    (direction,) = selectors.route_timetable(Route.objects.get(gtfs_id="R1"), MONDAY)
    assert [m for _s, m in direction.calls] == [0, None, 9]
    assert selectors.departures_for_date(MONDAY, stop=Stop.objects.get(gtfs_id="B")) == []
