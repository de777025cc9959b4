"""The typed JSON API of the data hub under /api/devices/."""

from __future__ import annotations

import io

from django.core.management import call_command

from smartcity.devices.ingest import TRUSTED, readings_ingest
from smartcity.devices.models import Reading
from tests.conftest import iso
from tests.devices.conftest import at


def test_devices_come_with_their_current_state(client, lamp, station):
    readings_ingest(
        [{"device": lamp.ref, "observedAt": iso(at(18)), "values": {"powerState": "on"}}],
        credential=TRUSTED,
    )
    [shown] = client.get("/api/devices/", {"type": "StreetLight"}).json()
    assert shown["id"] == lamp.ref and shown["district"] == lamp.district.slug
    assert shown["state"]["powerState"]["value"] == "on"
    near = client.get("/api/devices/", {"lat": 47.7620, "lon": 27.9300, "radius": 50}).json()
    assert [d["id"] for d in near] == [station.ref]


def test_devices_are_filtered_by_current_values_and_a_box(client, lamp, station):
    readings_ingest(
        [
            {
                "device": station.ref,
                "observedAt": iso(at(18)),
                "values": {"pm25": 40.0, "pm10": 20.0},
            }
        ],
        credential=TRUSTED,
    )
    assert [d["id"] for d in client.get("/api/devices/", {"where": "pm25>25"}).json()] == [
        station.ref
    ]
    assert client.get("/api/devices/", {"where": "pm25>25;pm10>30"}).json() == []
    box = client.get("/api/devices/", {"bbox": "27.9275,47.7608,27.9285,47.7615"}).json()
    assert [d["id"] for d in box] == [lamp.ref]


def test_bad_filters_are_refused_clearly(client, balti):
    assert client.get("/api/devices/", {"where": "pm25>"}).status_code == 400
    assert client.get("/api/devices/", {"where": "pm25>1|pm10>1"}).status_code == 400
    assert client.get("/api/devices/", {"bbox": "1,2,3"}).status_code == 400
    assert client.get("/api/devices/", {"type": "Spaceship"}).status_code == 400
    assert client.get("/api/devices/", {"radius": 100}).status_code == 400
    assert client.get("/api/devices/", {"radius": -1, "lat": 47, "lon": 27}).status_code == 400


def test_states_of_a_type_come_by_device_id_for_a_whole_district(client, lamp, station):
    from smartcity.devices import services

    quiet = services.device_register(
        ref="SL-TEST-0000", device_type="StreetLight", latitude=47.761, longitude=27.929
    )
    readings_ingest(
        [
            {
                "device": lamp.ref,
                "observedAt": iso(at(18)),
                "values": {"powerState": "on", "activePower": 61.5},
            },
            {"device": station.ref, "observedAt": iso(at(18)), "values": {"pm25": 12.0}},
        ],
        credential=TRUSTED,
    )
    answer = client.get("/api/devices/states", {"type": "StreetLight"})
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/json"
    states = answer.json()
    assert list(states) == sorted([lamp.ref, quiet.ref])  # sorted; the quiet one too
    assert states[quiet.ref] == {}
    assert states[lamp.ref]["powerState"] == {"value": "on", "observed_at": iso(at(18))}
    assert states[lamp.ref]["activePower"]["value"] == 61.5
    only = client.get("/api/devices/states", {"type": "StreetLight", "quantity": "powerState"})
    assert set(only.json()[lamp.ref]) == {"powerState"}
    district = client.get(
        "/api/devices/states", {"type": "StreetLight", "district": lamp.district.slug}
    ).json()
    assert lamp.ref in district
    assert (
        client.get("/api/devices/states", {"type": "StreetLight", "district": "nowhere"}).json()
        == {}
    )


def test_states_refuse_an_unknown_type_or_quantity_clearly(client, balti):
    unknown_type = client.get("/api/devices/states", {"type": "Teapot"})
    assert unknown_type.status_code == 400
    assert "unknown type" in unknown_type.json()["detail"]
    unknown_quantity = client.get(
        "/api/devices/states", {"type": "StreetLight", "quantity": "pm25"}
    )
    assert unknown_quantity.status_code == 400
    assert "does not report pm25" in unknown_quantity.json()["detail"]
    assert client.get("/api/devices/states").status_code == 400  # the type is required


def test_history_by_hour_and_raw(client, station):
    readings_ingest(
        [
            {"device": station.ref, "observedAt": iso(at(h, m)), "values": {"pm10": float(h + m)}}
            for h in (16, 17)
            for m in (0, 30)
        ],
        credential=TRUSTED,
    )
    path = f"/api/devices/{station.ref}/history"
    window = {"quantity": "pm10", "start": iso(at(0)), "end": iso(at(23))}
    hourly = client.get(path, {**window, "aggregate": "max"}).json()
    assert [(p["value"], p["count"]) for p in hourly] == [(46.0, 2), (47.0, 2)]
    raw = client.get(path, {**window, "interval": "raw"}).json()
    assert [p["value"] for p in raw] == [16.0, 46.0, 17.0, 47.0]
    assert client.get(path, {**window, "quantity": "colour"}).status_code == 400
    assert client.get("/api/devices/NOPE/history", window).status_code == 404
    assert client.get(path, {**window, "start": iso(at(23)), "end": iso(at(1))}).status_code == 400


def test_pruning_command_says_what_it_would_do_and_does_it(station, settings):
    readings_ingest(
        [{"device": station.ref, "observedAt": iso(at(10, day=1)), "values": {"pm10": 5.0}}],
        credential=TRUSTED,
    )
    out = io.StringIO()
    call_command("prune_readings", "--days", "10", "--dry-run", stdout=out)
    assert "would delete 1 raw readings" in out.getvalue()
    assert Reading.objects.count() == 1
    call_command("prune_readings", "--days", "10", stdout=io.StringIO())
    assert Reading.objects.count() == 0
