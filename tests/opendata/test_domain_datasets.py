"""The domains' datasets read the live data: lights, air hours, containers."""

from __future__ import annotations

import datetime
import json

from django.urls import reverse

from smartcity.devices import services as device_services
from smartcity.opendata import registry

from .conftest import NOW

HOUR = datetime.timedelta(hours=1)


def rows(slug):
    return list(registry.dataset_by_slug(slug).rows())


def test_street_lights_are_published_with_their_live_state(balti, send):
    device_services.device_register(
        ref="SL-O1",
        device_type="StreetLight",
        latitude=47.761,
        longitude=27.929,
        address="str. Decebal 3",
    )
    device_services.device_register(
        ref="SL-O2",
        device_type="StreetLight",
        latitude=47.762,
        longitude=27.929,
        is_connected=False,
    )
    send("SL-O1", {NOW - HOUR: {"powerState": "on", "illuminanceLevel": 0.4, "activePower": 30.5}})
    found = {r["id"]: r for r in rows("street-lights")}
    assert found["SL-O1"]["state"] == "dimmed"
    assert found["SL-O1"]["dimming_percent"] == 40
    assert found["SL-O1"]["power_w"] == 30.5
    assert found["SL-O1"]["observed_at"] == NOW - HOUR
    assert found["SL-O2"]["state"] == "unmanaged"
    assert found["SL-O2"]["remotely_managed"] is False
    assert registry.dataset_by_slug("street-lights").count() == 2


def test_street_lights_are_read_in_chunks_without_losing_any(balti, monkeypatch):
    for n in range(7):
        device_services.device_register(
            ref=f"SL-C{n}", device_type="StreetLight", latitude=47.76, longitude=27.93
        )
    from smartcity.lighting import selectors

    assert [r["id"] for r in selectors.lights_for_open_data(chunk_size=3)] == [
        f"SL-C{n}" for n in range(7)
    ]


def test_air_quality_gives_one_row_per_station_and_hour_with_each_pollutant(client, balti, send):
    device_services.device_register(
        ref="AQ-O1",
        device_type="AirQualityObserved",
        latitude=47.76,
        longitude=27.93,
        name="Centru",
    )
    start = NOW - 2 * HOUR
    send(
        "AQ-O1",
        {
            start: {"pm25": 10.0, "no2": 30.0},
            start + datetime.timedelta(minutes=30): {"pm25": 20.0, "no2": 40.0},
            start + HOUR: {"pm25": 12.0, "o3": 50.0},
        },
    )
    found = rows("air-quality-hourly")
    assert [(r["hour_start"], r["pm25"], r["no2"], r["o3"]) for r in found] == [
        (start, 15.0, 35.0, None),
        (start + HOUR, 12.0, None, 50.0),
    ]
    assert found[0]["name"] == "Centru"
    assert registry.dataset_by_slug("air-quality-hourly").count() == 2
    geojson = json.loads(
        b"".join(
            client.get(
                reverse("opendata:download", args=["air-quality-hourly", "geojson"])
            ).streaming_content
        )
    )
    assert len(geojson["features"]) == 2
    assert geojson["features"][0]["properties"]["hour_start"] == "2026-11-29T10:00:00Z"


def test_waste_containers_carry_capacity_and_fill_level(balti, send):
    device_services.device_register(
        ref="WC-O1",
        device_type="WasteContainer",
        latitude=47.76,
        longitude=27.93,
        attributes={"containerCapacity": 1100},
    )
    device_services.device_register(
        ref="WC-O2", device_type="WasteContainer", latitude=47.76, longitude=27.93
    )
    send("WC-O1", {NOW - HOUR: {"fillingLevel": 0.754}})
    found = {r["id"]: r for r in rows("waste-containers")}
    assert (found["WC-O1"]["capacity_l"], found["WC-O1"]["fill_percent"]) == (1100, 75)
    assert (found["WC-O2"]["capacity_l"], found["WC-O2"]["fill_percent"]) == (None, None)
