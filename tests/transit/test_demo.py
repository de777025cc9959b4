"""The Bălți demo feed generated from the line descriptions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count
from django.utils import translation

from smartcity.transit import demo, selectors
from smartcity.transit.models import (
    Agency,
    CalendarDate,
    FeedInfo,
    Frequency,
    Route,
    RouteType,
    ServiceAlert,
    Stop,
    Trip,
)
from smartcity.transit.realtime.demo import HISTORY_DAYS, history_load
from smartcity.transit.realtime.models import StopArrival
from tests.transit.conftest import NOW

TROLLEYBUS_LINES = ["1", "2", "2A", "2C", "3", "4", "5", "6", "7", "10"]


def test_the_demo_has_the_trolleybus_lines_of_the_directorate_and_some_buses(demo_feed):
    trolleybuses = Route.objects.filter(route_type=RouteType.TROLLEYBUS)
    assert sorted(
        trolleybuses.values_list("short_name", flat=True), key=TROLLEYBUS_LINES.index
    ) == (TROLLEYBUS_LINES)
    assert {r.agency.name_ro for r in trolleybuses} == {"Direcția Troleibuze Bălți"}
    assert Route.objects.filter(route_type=RouteType.BUS).count() >= 3
    with translation.override("ru"):
        assert Agency.objects.get(gtfs_id="BTU").name == "Бельцкое троллейбусное управление"


def test_the_demo_is_marked_illustrative_everywhere(demo_feed):
    info = FeedInfo.objects.get()
    assert info.is_illustrative
    assert "ilustrative" in info.publisher_name
    assert info.notice_ro.startswith("Date ilustrative")
    assert info.notice_ru and info.notice_en
    assert all("ilustrative" in route.description_ro for route in Route.objects.all())


def test_every_line_runs_both_ways_on_weekdays_and_weekends_along_a_shape(demo_feed):
    for route in Route.objects.all():
        trips = Trip.objects.filter(route=route)
        assert {(t.direction_id, t.service.gtfs_id) for t in trips} == {
            (0, "WD"),
            (1, "WD"),
            (0, "WE"),
            (1, "WE"),
        }, route
        assert all(t.shape and t.shape.points.count() >= 4 for t in trips)
        assert Frequency.objects.filter(trip__route=route).exists()


def test_stops_lie_in_balti(demo_feed):
    for stop in Stop.objects.all():
        assert 47.70 < stop.latitude < 47.82 and 27.86 < stop.longitude < 27.99, stop


def test_line_2c_runs_every_half_hour_from_six_to_four(demo_feed):
    tables = selectors.route_timetable(Route.objects.get(short_name="2C"), NOW.date())
    assert {(p.start, p.end, p.headway) for t in tables for p in t.periods} == {
        (6 * 3600, 16 * 3600, 1800)
    }


def test_peak_intervals_are_shorter_than_evening_ones(demo_feed):
    (outbound, _back) = selectors.route_timetable(Route.objects.get(gtfs_id="T1"), NOW.date())
    by_start = {p.start: p.headway for p in outbound.periods}
    assert by_start[7 * 3600] < by_start[21 * 3600]


def test_public_holidays_on_weekdays_run_the_weekend_service(demo_feed):
    new_year = dt.date(2027, 1, 1)  # a Friday
    assert set(
        CalendarDate.objects.filter(date=new_year).values_list("service__gtfs_id", "exception_type")
    ) == {
        ("WD", 2),
        ("WE", 1),
    }
    running = selectors.services_on(new_year)
    assert {
        s
        for s in Trip.objects.filter(service_id__in=running).values_list(
            "service__gtfs_id", flat=True
        )
    } == {"WE"}


def test_the_demo_is_deterministic_for_a_date():
    network = demo.network_read()
    start = dt.date(2026, 11, 1)
    assert demo.demo_feed_build(network, start=start) == demo.demo_feed_build(network, start=start)


def test_the_demo_publishes_a_sample_alert(demo_feed):
    alert = ServiceAlert.objects.get()
    assert alert.header_ro.startswith("Lucrări pe str. Decebal")
    assert alert.stops.get().gtfs_id == "DECEBAL"
    assert demo.transit_loaded()


@pytest.mark.parametrize("today", [dt.date(2026, 12, 6), dt.date(2027, 1, 1), dt.date(2027, 3, 31)])
def test_the_demo_runs_on_each_of_the_30_days_before_today_whatever_the_date(db, today):
    demo.transit_load(today=today)
    for back in range(1, 31):
        day = today - dt.timedelta(days=back)
        assert selectors.services_on(day), day


def test_early_in_a_month_the_demo_history_has_every_day_of_its_week(db):
    # On the 6th the week of history reaches into the month before.
    assert HISTORY_DAYS <= demo.PAST_DAYS
    today = dt.date(2026, 12, 6)
    demo.transit_load(today=today)
    history_load(seed=1, today=today)
    per_day = dict(StopArrival.objects.values_list("start_date").annotate(n=Count("id")).order_by())
    days = [today - dt.timedelta(days=back) for back in range(HISTORY_DAYS, 0, -1)]
    assert sorted(per_day) == days
    weekdays = {per_day[d] for d in days if d.weekday() < 5}
    assert len(weekdays) == 1  # the same weekday timetable on each, none cut short
