"""The public pages of street lighting."""

from __future__ import annotations

from smartcity.devices import services
from smartcity.devices.ingest import TRUSTED, readings_ingest
from smartcity.lighting import demo
from tests.conftest import iso
from tests.devices.conftest import NOW


def test_the_overview_counts_lamps_and_shows_the_remote_share(client, balti):
    demo.profiles_load()
    lamp = services.device_register(
        ref="SL-1", device_type="StreetLight", latitude=47.7617, longitude=27.929
    )
    readings_ingest(
        [{"device": "SL-1", "observedAt": iso(NOW), "values": {"powerState": "on"}}],
        credential=TRUSTED,
    )
    response = client.get("/lighting/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Iluminatul stradal" in body
    assert 'data-testid="count-on">1<' in body
    assert "100,0%" in body
    district = lamp.district.slug
    assert client.get(f"/lighting/?district={district}").status_code == 200
    assert client.get("/lighting/?district=atlantis").status_code == 404


def test_the_geojson_lists_every_lamp(client, balti):
    services.device_register(
        ref="SL-1", device_type="StreetLight", latitude=47.7617, longitude=27.929
    )
    data = client.get("/lighting/lights.geojson").json()
    assert data["type"] == "FeatureCollection"
    assert data["features"][0]["properties"]["state"] == "unknown"


def test_the_schedule_page_gives_tonights_steps_and_the_sun(client, balti):
    demo.profiles_load()
    body = client.get("/lighting/schedule/").content.decode()
    assert "Profil general" in body and "Profil Centru" in body
    assert "60%" in body
    assert body.count("<tr><td>") >= 7 + 4


def test_the_energy_page_takes_a_month_and_refuses_nonsense(client, balti):
    assert client.get("/lighting/energy/?month=2026-11").status_code == 200
    assert client.get("/lighting/energy/?month=november").status_code == 404
