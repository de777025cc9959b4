from __future__ import annotations

import datetime

import orjson
import pytest
import time_machine

from smartcity.transit.realtime import schedule
from smartcity.transit.realtime.models import (
    RefusedPositions,
    StopArrival,
    VehiclePosition,
    VehicleRun,
)
from smartcity.transit.realtime.services import positions_ingest
from smartcity.transit.realtime.simulator import run_drive

from .lines import MONDAY_8
from .network import line_create, vehicle_create

URL = "/ingest/v1/vehicle-positions"


def _when(seconds: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(seconds, datetime.UTC)


def _item(fix) -> dict:
    return {
        "timestamp": _when(fix.time).isoformat().replace("+00:00", "Z"),
        "latitude": fix.lat,
        "longitude": fix.lon,
        "speed": fix.speed,
        "bearing": fix.bearing,
    }


def _plan(trip_id: str = "L3-0-0"):
    return next(p for p in schedule.runs_around(MONDAY_8) if p.trip_id == trip_id)


@pytest.fixture
def line(db):
    return line_create()


def test_vehicle_that_does_not_say_is_matched_to_its_trip_and_direction(line):
    vehicle, _ = vehicle_create()
    samples = list(run_drive(_plan("L3-1-0"), vehicle=vehicle.ref, seed=3, detour=False))
    for sample in samples[:8]:
        positions_ingest([_item(sample.fix)], vehicle=vehicle, now=_when(sample.fix.time))
    run = VehicleRun.objects.get(vehicle=vehicle)
    assert run.trip.gtfs_id == "L3-1-0"
    assert run.distance == pytest.approx(samples[7].distance, abs=25)
    assert VehiclePosition.objects.filter(vehicle=vehicle).count() == 8


def test_a_whole_run_records_each_stop_once_in_order(line):
    vehicle, _ = vehicle_create()
    plan = _plan()
    for sample in run_drive(plan, vehicle=vehicle.ref, seed=4, detour=False):
        positions_ingest([_item(sample.fix)], vehicle=vehicle, now=_when(sample.fix.time))
    arrivals = list(
        StopArrival.objects.order_by("arrived_at").values_list("stop_sequence", flat=True)
    )
    assert arrivals == [1, 2, 3, 4, 5, 6, 7]


def test_bad_positions_are_counted_and_do_not_move_the_vehicle(line):
    vehicle, _ = vehicle_create()
    plan = _plan()
    samples = list(run_drive(plan, vehicle=vehicle.ref, seed=5, detour=False))
    for sample in samples[:10]:
        positions_ingest([_item(sample.fix)], vehicle=vehicle, now=_when(sample.fix.time))
    before = VehicleRun.objects.get(vehicle=vehicle)
    now = _when(samples[9].fix.time)
    last = _item(samples[9].fix)
    bad = [
        dict(last),  # the same fix again
        dict(_item(samples[2].fix)),  # older than the last one
        dict(last, timestamp=(now + datetime.timedelta(hours=2)).isoformat()),
        dict(last, timestamp=(now - datetime.timedelta(days=2)).isoformat()),
        dict(
            last,
            latitude=47.01,
            longitude=28.86,
            timestamp=(now + datetime.timedelta(seconds=5)).isoformat(),
        ),
        dict(
            last,
            longitude=last["longitude"] + 0.03,
            timestamp=(now + datetime.timedelta(seconds=6)).isoformat(),
        ),
        dict(last, latitude="north"),
        "nonsense",
    ]
    result = positions_ingest(bad, vehicle=vehicle, now=now)
    assert result.accepted == 0 and result.duplicates == 1
    assert [r.reason for r in result.refused] == [
        "out_of_order",
        "future",
        "too_old",
        "outside_city",
        "impossible_speed",
        "malformed",
        "malformed",
    ]
    after = VehicleRun.objects.get(vehicle=vehicle)
    assert (after.distance, after.observed_at, after.trip_id) == (
        before.distance,
        before.observed_at,
        before.trip_id,
    )
    counted = dict(RefusedPositions.objects.values_list("reason", "count"))
    assert counted["malformed"] == 2 and counted["impossible_speed"] == 1


def test_unknown_vehicle_is_refused(line):
    result = positions_ingest(
        [{"vehicle": "GHOST", "timestamp": MONDAY_8, "latitude": 47.76, "longitude": 27.92}],
        now=_when(MONDAY_8),
    )
    assert [r.reason for r in result.refused] == ["unknown_vehicle"]


def test_http_ingest_needs_the_vehicle_token(client, line):
    response = client.post(URL, b"{}", content_type="application/json")
    assert response.status_code == 401
    response = client.post(
        URL, b"{}", content_type="application/json", HTTP_AUTHORIZATION="Bearer nope"
    )
    assert response.status_code == 401


@time_machine.travel(_when(MONDAY_8 + 120), tick=False)
def test_http_ingest_stores_a_batch_and_explains_refusals(client, line):
    vehicle, token = vehicle_create()
    samples = list(run_drive(_plan(), vehicle=vehicle.ref, seed=6, detour=False))[:5]
    body = {"positions": [_item(s.fix) for s in samples] + [{"timestamp": "yesterday"}]}
    response = client.post(
        URL,
        orjson.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200
    answer = response.json()
    assert answer["accepted"] == 5
    assert answer["refused"][0]["index"] == 5 and answer["refused"][0]["reason"] == "malformed"


def test_http_ingest_rejects_a_body_that_is_not_json(client, line):
    _vehicle, token = vehicle_create()
    response = client.post(
        URL, b"{oops", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 400
    assert response.json()["error"] == "malformed_json"


def test_a_new_token_replaces_the_old_one(client, line):
    from smartcity.transit.realtime.services import vehicle_for_token, vehicle_token_issue

    vehicle, old = vehicle_create()
    new = vehicle_token_issue(vehicle=vehicle)
    assert vehicle_for_token(old) is None
    assert vehicle_for_token(new) == vehicle


def test_a_detour_marks_the_vehicle_off_route_in_the_live_json(client, line):
    vehicle, _ = vehicle_create()
    plan = _plan()
    samples = list(run_drive(plan, vehicle=vehicle.ref, seed=8, detour=True))
    off = False
    for sample in samples:
        positions_ingest([_item(sample.fix)], vehicle=vehicle, now=_when(sample.fix.time))
        run = VehicleRun.objects.get(vehicle=vehicle)
        if run.off_route_fixes >= 3:
            with time_machine.travel(_when(sample.fix.time + 1), tick=False):
                vehicles = client.get("/transit/live/vehicles.json").json()["vehicles"]
            off = vehicles[0]["off_route"]
            break
    assert off
    assert run.trip.gtfs_id == "L3-0-0"  # still on its run, not matched away


def test_prune_deletes_old_positions_in_batches_and_dry_run_only_counts(line):
    from io import StringIO

    from django.core.management import call_command

    vehicle, _ = vehicle_create()
    for sample in list(run_drive(_plan(), vehicle=vehicle.ref, seed=9, detour=False))[:7]:
        positions_ingest([_item(sample.fix)], vehicle=vehicle, now=_when(sample.fix.time))
    with time_machine.travel(_when(MONDAY_8 + 40 * 86400), tick=False):
        out = StringIO()
        call_command("prune_vehicle_positions", "--dry-run", stdout=out)
        assert "would delete 7" in out.getvalue()
        assert VehiclePosition.objects.count() == 7
        call_command("prune_vehicle_positions", "--batch-size", "3", stdout=out)
    assert VehiclePosition.objects.count() == 0
    assert StopArrival.objects.exists()


def test_the_worker_prunes_positions_past_retention_every_day(line, settings):
    from smartcity.operations import schedule
    from smartcity.transit.realtime import tasks

    (prune,) = [job for job in schedule.jobs() if job.task is tasks.vehicle_positions_prune]
    assert prune.cron.endswith(" * * *")  # at one time of every day
    settings.SMARTCITY_VEHICLE_POSITIONS_DAYS = 10
    vehicle, _ = vehicle_create()
    samples = list(run_drive(_plan(), vehicle=vehicle.ref, seed=9, detour=False))[:6]
    for sample in samples:
        positions_ingest([_item(sample.fix)], vehicle=vehicle, now=_when(sample.fix.time))
    # Nine days on, nothing is old enough; eleven days on, all of it is.
    with time_machine.travel(_when(MONDAY_8 + 9 * 86400), tick=False):
        assert tasks.vehicle_positions_prune.call() == 0
    assert VehiclePosition.objects.count() == 6
    with time_machine.travel(_when(MONDAY_8 + 11 * 86400), tick=False):
        assert tasks.vehicle_positions_prune.call() == 6
    assert VehiclePosition.objects.count() == 0
    assert StopArrival.objects.exists()
