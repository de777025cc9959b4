"""The board, the arrivals API and the TripUpdates feed read one computation per refresh."""

from __future__ import annotations

import datetime
import threading

import pytest
import time_machine
from django.core.cache import cache

from smartcity.transit.realtime import arrivals, sharing

from .network import morning_simulate

API = "/api/transit/stops/A5/arrivals"
BOARD = "/transit/stops/A5/"
TRIP_UPDATES = "/transit/gtfs-rt/trip-updates?format=json"
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
    },
    "responses": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}


@pytest.fixture
def live(db):
    return morning_simulate()


@pytest.fixture
def counted(monkeypatch):
    """How many times the live runs' predictions and a stop's board were computed."""
    counts = {"live": 0, "board": 0}
    live_compute, board_compute = arrivals.live_compute, arrivals.board_compute

    def live_counted(*args, **kwargs):
        counts["live"] += 1
        return live_compute(*args, **kwargs)

    def board_counted(*args, **kwargs):
        counts["board"] += 1
        return board_compute(*args, **kwargs)

    monkeypatch.setattr(arrivals, "live_compute", live_counted)
    monkeypatch.setattr(arrivals, "board_compute", board_counted)
    return counts


def _trip_update_arrivals_at(feed: dict, stop_id: str) -> dict[str, int]:
    """Vehicle label → predicted arrival at `stop_id` in a TripUpdates feed (JSON)."""
    found = {}
    for entity in feed.get("entity", []):
        update = entity["trip_update"]
        for stu in update["stop_time_update"]:
            if stu["stop_id"] == stop_id:
                found[update["vehicle"]["label"]] = int(stu["arrival"]["time"])
    return found


def test_the_board_the_arrivals_api_and_trip_updates_use_one_computation_per_refresh(
    client, live, counted
):
    with time_machine.travel(live, tick=False):
        page = client.get(BOARD)
        rows = client.get(BOARD, HTTP_HX_REQUEST="true")
        api = client.get(API).json()
        feed = client.get(TRIP_UPDATES).json()
    assert page.status_code == rows.status_code == 200
    assert counted == {"live": 1, "board": 1}
    live_rows = [a for a in api["arrivals"] if a["live"]]
    assert live_rows
    predicted = _trip_update_arrivals_at(feed, "A5")
    for arrival in live_rows:
        at = datetime.datetime.fromisoformat(arrival["time"]).timestamp()
        assert round(at) == predicted[arrival["vehicle"]]


def test_the_arrivals_api_answers_the_boards_rows(client, live):
    with time_machine.travel(live, tick=False):
        board = client.get(BOARD).context["rows"]
        api = client.get(API).json()
    assert [(a["line"], a["live"], a["vehicle"]) for a in api["arrivals"]] == [
        (r.route.short_name, r.live, r.vehicle) for r in board
    ]
    times = [datetime.datetime.fromisoformat(a["time"]).timestamp() for a in api["arrivals"]]
    assert times == pytest.approx([r.when.timestamp() for r in board], abs=0.001)


def test_an_unknown_stop_has_no_arrivals(client, db):
    response = client.get("/api/transit/stops/NOPE/arrivals", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404 and response.json() == {"detail": "There is no such stop."}


def test_a_new_refresh_slot_computes_anew(client, live, counted):
    with time_machine.travel(live, tick=False):
        client.get(API)
        client.get(TRIP_UPDATES)
    with time_machine.travel(live + datetime.timedelta(seconds=arrivals.REFRESH_S), tick=False):
        later = client.get(API).json()
        client.get(TRIP_UPDATES)
    assert counted == {"live": 2, "board": 2}
    assert later["generated_at"].startswith(
        (live + datetime.timedelta(seconds=arrivals.REFRESH_S)).strftime("%Y-%m-%dT%H:%M:%S")
    )


def test_minutes_count_from_the_request_not_from_when_the_slot_was_computed(client, live):
    moment = live - datetime.timedelta(seconds=live.timestamp() % arrivals.REFRESH_S)
    with time_machine.travel(moment, tick=False):
        first = client.get(API).json()["arrivals"]
    with time_machine.travel(moment + datetime.timedelta(seconds=9), tick=False):
        later = client.get(API).json()["arrivals"]
    now = (moment + datetime.timedelta(seconds=9)).timestamp()
    assert later and all(
        a["minutes"]
        == max(0, round((datetime.datetime.fromisoformat(a["time"]).timestamp() - now) / 60))
        for a in later
    )
    assert {a["time"] for a in later} <= {a["time"] for a in first}


def test_a_cleared_cache_is_computed_again_with_the_same_answer(client, live, counted):
    with time_machine.travel(live, tick=False):
        before = client.get(API).json()["arrivals"]
        cache.clear()
        after = client.get(API).json()["arrivals"]
    assert after == before and counted == {"live": 2, "board": 2}


def test_without_a_working_cache_every_answer_is_computed_and_correct(
    client, live, settings, counted, caplog
):
    with time_machine.travel(live, tick=False):
        expected = client.get(API).json()["arrivals"]
        expected_feed = client.get(TRIP_UPDATES).json()
        settings.CACHES = UNREACHABLE_REDIS
        api = client.get(API).json()["arrivals"]
        page = client.get(BOARD)
        feed = client.get(TRIP_UPDATES).json()
    assert api == expected
    assert page.status_code == 200 and 'data-testid="live-mark"' in page.content.decode()
    assert feed["entity"] == expected_feed["entity"]
    assert counted["live"] >= 3  # nothing was kept: each answer computed its own
    assert "the shared cache failed" in caplog.text


@pytest.mark.django_db
def test_a_slot_is_computed_once_and_kept():
    calls = []
    assert sharing.slot_shared("test:value", 7, lambda: calls.append(1) or "seven", keep=30) == (
        "seven"
    )
    assert sharing.slot_shared("test:value", 7, lambda: calls.append(1) or "again", keep=30) == (
        "seven"
    )
    assert calls == [1]


@pytest.mark.django_db
def test_while_another_process_computes_a_slot_the_previous_slot_is_served():
    sharing.slot_shared("test:value", 6, lambda: "six", keep=30)
    assert cache.add("test:value:7:lock", 1)  # another process is computing slot 7
    computed = []
    value = sharing.slot_shared("test:value", 7, lambda: computed.append(1) or "seven", keep=30)
    assert value == "six" and computed == []


@pytest.mark.django_db(transaction=True)
def test_without_a_previous_slot_a_process_waits_for_the_one_computing():
    assert cache.add("test:first:3:lock", 1)
    # The other process finishes its computation a moment later.
    threading.Timer(0.2, lambda: cache.set("test:first:3", "theirs", 30)).start()
    computed = []
    value = sharing.slot_shared("test:first", 3, lambda: computed.append(1) or "mine", keep=30)
    assert value == "theirs" and computed == []
    cache.clear()


@pytest.mark.django_db
def test_a_process_waits_only_so_long_for_another_before_computing(monkeypatch):
    monkeypatch.setattr(sharing, "WAIT_S", 0.1)
    assert cache.add("test:stuck:3:lock", 1)  # its holder died while computing
    assert sharing.slot_shared("test:stuck", 3, lambda: "mine", keep=30) == "mine"
