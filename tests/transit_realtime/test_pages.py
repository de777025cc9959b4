from __future__ import annotations

import datetime

import pytest
import time_machine

from smartcity.transit.realtime import schedule
from smartcity.transit.realtime.demo import history_load
from smartcity.transit.realtime.models import StopArrival, VehicleRun
from smartcity.transit.realtime.selectors import punctuality

from .lines import MONDAY_8, when
from .network import line_create, morning_simulate


@pytest.fixture
def live(db):
    return morning_simulate()


def test_simulator_puts_a_matched_vehicle_on_every_run_under_way(live):
    under_way = {
        (p.trip_id, p.start_time)
        for p in schedule.runs_around(live.timestamp())
        if p.first_departure + 60 <= live.timestamp() <= p.last_arrival
    }
    matched = {
        (trip, f"{start // 3600:02d}:{start % 3600 // 60:02d}:00")
        for trip, start in VehicleRun.objects.filter(trip__isnull=False).values_list(
            "trip__gtfs_id", "start_time"
        )
    }
    # A vehicle at the end of its run may already be matched to its next departure.
    assert len(under_way) >= 2 and under_way <= matched


def test_history_load_records_every_stop_of_every_run(db):
    line_create(runs=2, headway=600)
    stored = history_load(seed=1, today=datetime.date(2026, 11, 30))
    # 8 days × 2 directions × 2 runs × 7 stops.
    assert stored == StopArrival.objects.count() == 8 * 2 * 2 * 7
    # Stored as the simulator drove them, to the second, in UTC.
    from smartcity.transit.realtime.demo import _day_plans, start_delay, vehicle_ref
    from smartcity.transit.realtime.simulator import run_visits

    day = datetime.date(2026, 11, 29)
    plan = _day_plans(day)[0]
    ref = vehicle_ref(plan)
    visits = run_visits(plan, vehicle=ref, seed=1, start_delay=start_delay(plan, 1))
    rows = StopArrival.objects.filter(trip_ref=plan.trip_id, start_date=day).order_by(
        "stop_sequence"
    )
    assert [round(r.arrived_at.timestamp()) for r in rows] == [round(v.arrival) for v in visits]
    assert [r.scheduled_at for r in rows] == [when(c.arrival) for c in plan.calls]
    assert {r.vehicle.ref for r in rows} == {ref}
    assert history_load(seed=1, today=datetime.date(2026, 11, 30)) == stored  # no duplicates
    assert StopArrival.objects.count() == stored


def test_live_vehicles_json_filters_by_line(client, live):
    with time_machine.travel(live, tick=False):
        every = client.get("/transit/live/vehicles.json").json()["vehicles"]
        none = client.get("/transit/live/vehicles.json?route=NOPE").json()["vehicles"]
    assert every and none == []
    assert {v["line"] for v in every} == {"3"}


def test_live_map_page_renders(client, live):
    with time_machine.travel(live, tick=False):
        response = client.get("/transit/live/")
    assert response.status_code == 200
    assert b'data-testid="live-map"' in response.content


def test_the_stop_page_is_the_board_with_live_and_scheduled_arrivals_in_time_order(client, live):
    with time_machine.travel(live, tick=False):
        response = client.get("/transit/stops/A5/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="live-mark"' in html and 'data-testid="scheduled-mark"' in html
    rows = response.context["rows"]
    assert [r.when for r in rows] == sorted(r.when for r in rows)
    live_rows = [r for r in rows if r.live]
    assert live_rows and all(r.vehicle for r in live_rows)
    assert any(not r.live for r in rows)


def test_a_run_with_a_vehicle_on_it_is_shown_live_not_also_scheduled(client, live):
    with time_machine.travel(live, tick=False):
        rows = client.get("/transit/stops/A5/").context["rows"]
    tracked = set()
    for run in VehicleRun.objects.filter(trip__isnull=False):
        template = schedule.trip_template(run.trip_id)
        plan = schedule.run_plan(template, run.start_date, run.start_time)
        tracked |= {round(c.departure) for c in plan.calls if c.stop_id == "A5"}
    scheduled = {round(r.when.timestamp()) for r in rows if not r.live}
    assert tracked and not tracked & scheduled
    assert sum(r.live for r in rows) >= 1


def test_the_stop_board_rows_alone_for_polling(client, live):
    with time_machine.travel(live, tick=False):
        response = client.get("/transit/stops/A5/", HTTP_HX_REQUEST="true")
    assert b"<html" not in response.content and b'data-testid="board-rows"' in response.content


def test_the_old_live_board_address_redirects_to_the_stop_page(client, db):
    line_create()
    response = client.get("/transit/live/stops/A5/")
    assert response.status_code == 301 and response["Location"] == "/transit/stops/A5/"


def test_unknown_stop_board_is_404(client, db):
    assert client.get("/transit/stops/NOPE/").status_code == 404


def test_punctuality_counts_minus_one_to_plus_three_minutes_as_on_time(db):
    line_create()
    from smartcity.transit.realtime.models import Vehicle

    vehicle = Vehicle.objects.create(ref="V")
    scheduled = when(MONDAY_8)
    for start, late in enumerate((-90, -60, 0, 180, 181)):
        StopArrival.objects.create(
            vehicle=vehicle,
            trip_ref="L3-0-0",
            route_ref="L3",
            start_date=datetime.date(2026, 11, 30),
            start_time=start,
            stop_ref="A1",
            stop_sequence=2,
            arrived_at=scheduled + datetime.timedelta(seconds=late),
            scheduled_at=scheduled,
        )
    report = punctuality(
        scheduled - datetime.timedelta(hours=1), scheduled + datetime.timedelta(hours=1)
    )
    assert report["lines"][0]["line"] == "3"
    total = report["lines"][0]["total"]
    assert (total.arrivals, total.on_time) == (5, 3)


def test_stop_arrivals_outlive_a_new_import_of_the_feed(db):
    line_create(runs=2, headway=600)
    history_load(seed=1, today=datetime.date(2026, 11, 30))
    before = StopArrival.objects.count()
    from smartcity.transit.models import Trip

    Trip.objects.all().delete()
    assert StopArrival.objects.count() == before > 0


def test_punctuality_report_is_for_staff(client, balti, live):
    assert client.get("/transit/punctuality/").status_code == 302
    from django.contrib.auth import get_user_model

    resident = get_user_model().objects.create_user("rezident", password="x")
    client.force_login(resident)
    assert client.get("/transit/punctuality/").status_code == 403
    client.force_login(get_user_model().objects.get(username="dispecer"))
    response = client.get("/transit/punctuality/?days=abc")
    assert response.status_code == 200 and b'data-testid="punctuality"' in response.content


def test_the_stop_page_polls_itself_for_fresh_rows(client, live):
    response = client.get("/transit/stops/A3/")
    assert b'hx-get="/transit/stops/A3/"' in response.content


def test_staff_find_the_punctuality_report_from_the_lines_page(client, balti):
    from django.contrib.auth import get_user_model

    line_create()
    assert b"/transit/punctuality/" not in client.get("/transit/").content
    client.force_login(get_user_model().objects.get(username="dispecer"))
    assert b"/transit/punctuality/" in client.get("/transit/").content
