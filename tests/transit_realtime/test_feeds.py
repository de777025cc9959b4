from __future__ import annotations

import json

import pytest
import time_machine
from google.transit import gtfs_realtime_pb2 as rt
from gtfs_rt_validator.api import Mode, Request, resolve_roles, validate

from smartcity.transit.models import AlertEffect, Route, ServiceAlert
from smartcity.transit.realtime import schedule
from smartcity.transit.realtime.services import positions_ingest
from smartcity.transit.realtime.simulator import run_drive

from .gtfs_zip import gtfs_zip_write
from .lines import MONDAY_8, when
from .network import line_create, vehicle_create

FEEDS = {
    "vp": "/transit/gtfs-rt/vehicle-positions",
    "tu": "/transit/gtfs-rt/trip-updates",
    "sa": "/transit/gtfs-rt/alerts",
}


def _drive(vehicle, trip_id: str, fixes: int, seed: int = 1) -> float:
    plan = next(p for p in schedule.runs_around(MONDAY_8) if p.trip_id == trip_id)
    samples = list(run_drive(plan, vehicle=vehicle.ref, seed=seed, detour=False))[:fixes]
    for s in samples:
        item = {
            "timestamp": s.fix.time,
            "latitude": s.fix.lat,
            "longitude": s.fix.lon,
            "speed": s.fix.speed,
            "bearing": s.fix.bearing,
        }
        positions_ingest([item], vehicle=vehicle, now=when(s.fix.time))
    return samples[-1].fix.time


@pytest.fixture
def live(db):
    line_create()
    east, _ = vehicle_create("TB-201")
    west, _ = vehicle_create("TB-202")
    last = max(_drive(east, "L3-0-0", 12), _drive(west, "L3-1-0", 8, seed=2))
    ServiceAlert.objects.create(
        header_ro="Lucrări pe strada Independenței",
        header_en="Roadworks on Independenței street",
        effect=AlertEffect.DETOUR,
        active_from=when(MONDAY_8 - 3600),
    ).routes.add(Route.objects.get(gtfs_id="L3"))
    ServiceAlert.objects.create(
        header_ro="Expirat", active_from=when(MONDAY_8 - 7200), active_until=when(MONDAY_8 - 3600)
    )
    return last


def _feed(client, path: str) -> rt.FeedMessage:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-protobuf"
    message = rt.FeedMessage()
    message.ParseFromString(response.content)
    return message


def test_feeds_parse_and_carry_a_full_dataset_header(client, live):
    now = when(live + 5)
    with time_machine.travel(now, tick=False):
        for path in FEEDS.values():
            message = _feed(client, path)
            assert message.header.gtfs_realtime_version == "2.0"
            assert message.header.incrementality == rt.FeedHeader.FULL_DATASET
            assert message.header.timestamp == int(now.timestamp())


def test_vehicle_positions_name_the_matched_trips(client, live):
    with time_machine.travel(when(live + 5), tick=False):
        message = _feed(client, FEEDS["vp"])
    trips = {e.vehicle.vehicle.id: e.vehicle.trip.trip_id for e in message.entity}
    assert trips == {"TB-201": "L3-0-0", "TB-202": "L3-1-0"}
    first = message.entity[0].vehicle
    assert first.trip.start_date == "20261130" and first.stop_id.startswith("A")


def test_trip_updates_predict_every_remaining_stop_in_order(client, live):
    with time_machine.travel(when(live + 5), tick=False):
        message = _feed(client, FEEDS["tu"])
    east = next(e.trip_update for e in message.entity if e.trip_update.vehicle.id == "TB-201")
    times = [u.arrival.time for u in east.stop_time_update]
    assert times == sorted(times) and times[0] >= int(live)
    assert east.stop_time_update[-1].stop_id == "A6"
    assert [u.stop_sequence for u in east.stop_time_update] == sorted(
        u.stop_sequence for u in east.stop_time_update
    )


def test_stale_vehicles_are_left_out_of_the_feeds(client, live):
    with time_machine.travel(when(live + 301), tick=False):
        assert len(_feed(client, FEEDS["vp"]).entity) == 0
        assert len(_feed(client, FEEDS["tu"]).entity) == 0


def test_alerts_feed_has_the_alerts_in_force_in_every_language(client, live):
    with time_machine.travel(when(live), tick=False):
        message = _feed(client, FEEDS["sa"])
    assert len(message.entity) == 1
    alert = message.entity[0].alert
    assert alert.effect == rt.Alert.DETOUR
    assert alert.informed_entity[0].route_id == "L3"
    assert {t.language for t in alert.header_text.translation} == {"ro", "en"}


def test_json_format_mirrors_the_protobuf(client, live):
    with time_machine.travel(when(live + 5), tick=False):
        body = client.get(FEEDS["vp"] + "?format=json").json()
    assert body["header"]["gtfs_realtime_version"] == "2.0"
    assert body["header"]["incrementality"] == "FULL_DATASET"
    assert {e["vehicle"]["vehicle"]["id"] for e in body["entity"]} == {"TB-201", "TB-202"}


def test_feeds_pass_the_gtfs_realtime_validator(client, live, tmp_path):
    now = when(live + 5)
    with time_machine.travel(now, tick=False):
        paths = {}
        for role, url in FEEDS.items():
            paths[role] = tmp_path / f"{role}.pb"
            paths[role].write_bytes(client.get(url).content)
    gtfs = gtfs_zip_write(tmp_path / "gtfs.zip")
    result = validate(
        Request(
            mode=Mode.MODERN,
            gtfs=gtfs,
            inputs=resolve_roles({role: str(p) for role, p in paths.items()}),
            at=now,
        )
    )
    written = result.write(tmp_path / "report")
    report = json.loads((tmp_path / "report" / "report.json").read_text())
    errors = [n for n in report["notices"] if n["severity"] == "ERROR"]
    assert not result.has_errors(), errors
    assert report["summary"]["messagesValidated"] >= 3
    assert json.loads((tmp_path / "report" / "system_errors.json").read_text()) in (
        [],
        {},
        {"notices": []},
    ), written
