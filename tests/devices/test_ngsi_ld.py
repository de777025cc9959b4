"""The NGSI-LD API at /ngsi-ld/v1/, as FIWARE-compatible tools use it."""

from __future__ import annotations

import json

import pytest

from smartcity.devices import services
from smartcity.devices.ingest import TRUSTED, readings_ingest
from smartcity.devices.models import Device, Reading
from tests.conftest import iso
from tests.devices.conftest import at

API = "/ngsi-ld/v1"
CORE = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld"


@pytest.fixture
def street(balti):
    """Five lamps 100 m apart along a street, the odd ones dimmed, and a station."""
    lamps = [
        services.device_register(
            ref=f"SL-{n}",
            device_type="StreetLight",
            latitude=47.7600 + n * 0.0009,
            longitude=27.9280,
            address="str. Ștefan cel Mare",
        )
        for n in range(5)
    ]
    readings_ingest(
        [
            {
                "device": lamp.ref,
                "observedAt": iso(at(18)),
                "values": {"powerState": "on", "illuminanceLevel": 0.5 if n % 2 else 1.0},
            }
            for n, lamp in enumerate(lamps)
        ],
        credential=TRUSTED,
    )
    services.device_register(
        ref="AQ-1", device_type="AirQualityObserved", latitude=47.762, longitude=27.93
    )
    return lamps


@pytest.fixture
def gateway_token(balti):
    _gateway, token = services.gateway_create(name="Lighting vendor", writes_any_device=True)
    return token


def get(client, path, accept="application/json", **params):
    return client.get(f"{API}{path}", params, HTTP_ACCEPT=accept)


def send(client, method, path, body, token=None, content_type="application/json"):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    data = body if isinstance(body, str) else json.dumps(body)
    return getattr(client, method)(f"{API}{path}", data=data, content_type=content_type, **headers)


def ids(response):
    return [e["id"] for e in response.json()]


def test_entities_of_a_type_come_normalized_with_their_context_linked(client, street):
    response = get(client, "/entities", type="StreetLight", limit="2")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert (
        "context.jsonld" in response["Link"]
        and 'rel="http://www.w3.org/ns/json-ld#context"' in response["Link"]
    )
    first = response.json()[0]
    assert first["id"] == "urn:ngsi-ld:StreetLight:SL-0"
    assert first["type"] == "StreetLight"
    assert first["location"] == {
        "type": "GeoProperty",
        "value": {"type": "Point", "coordinates": [27.928, 47.76]},
    }
    assert first["powerState"] == {
        "type": "Property",
        "value": "on",
        "observedAt": "2026-11-28T18:00:00Z",
    }
    assert first["illuminanceLevel"]["unitCode"] == "P1"
    assert len(response.json()) == 2


def test_json_ld_is_answered_with_the_context_inside(client, street):
    response = get(client, "/entities/urn:ngsi-ld:StreetLight:SL-1", accept="application/ld+json")
    assert response["Content-Type"] == "application/ld+json"
    assert CORE in response.json()["@context"]


def test_an_unacceptable_media_type_is_refused(client, street):
    response = get(client, "/entities", accept="text/html", type="StreetLight")
    assert response.status_code == 406
    assert response.json()["type"] == "https://uri.etsi.org/ngsi-ld/errors/NotAcceptable"


def test_q_filters_on_current_values(client, street):
    dimmed = get(client, "/entities", type="StreetLight", q="illuminanceLevel<0.8")
    assert ids(dimmed) == ["urn:ngsi-ld:StreetLight:SL-1", "urn:ngsi-ld:StreetLight:SL-3"]
    both = get(client, "/entities", type="StreetLight", q='powerState=="on";illuminanceLevel>=1')
    assert len(ids(both)) == 3
    either = get(
        client, "/entities", type="StreetLight", q='illuminanceLevel<0.8|powerState=="off"'
    )
    assert len(ids(either)) == 2


def test_near_finds_what_is_within_the_distance(client, street):
    response = get(
        client,
        "/entities",
        type="StreetLight",
        georel="near;maxDistance==150",
        geometry="Point",
        coordinates="[27.928,47.7609]",
    )
    # SL-1 stands on the point; SL-0 and SL-2 are 100 m away; the rest farther.
    assert ids(response) == [f"urn:ngsi-ld:StreetLight:SL-{n}" for n in (0, 1, 2)]


def test_within_a_polygon(client, street):
    square = [
        [[27.92, 47.7625], [27.94, 47.7625], [27.94, 47.77], [27.92, 47.77], [27.92, 47.7625]]
    ]
    response = get(
        client,
        "/entities",
        type="StreetLight",
        georel="within",
        geometry="Polygon",
        coordinates=json.dumps(square),
    )
    assert ids(response) == ["urn:ngsi-ld:StreetLight:SL-3", "urn:ngsi-ld:StreetLight:SL-4"]


def test_paging_and_the_count_header(client, street):
    response = get(client, "/entities", type="StreetLight", limit="2", offset="4", count="true")
    assert ids(response) == ["urn:ngsi-ld:StreetLight:SL-4"]
    assert response["NGSILD-Results-Count"] == "5"


def test_key_values_and_attrs_narrow_the_answer(client, street):
    response = get(
        client, "/entities", type="StreetLight", attrs="powerState", options="keyValues", limit="1"
    )
    assert response.json() == [
        {"id": "urn:ngsi-ld:StreetLight:SL-0", "type": "StreetLight", "powerState": "on"}
    ]


def test_a_query_with_no_selector_is_a_bad_request(client, street):
    response = get(client, "/entities")
    assert response.status_code == 400
    assert response.json()["type"] == "https://uri.etsi.org/ngsi-ld/errors/BadRequestData"
    assert get(client, "/entities", type="StreetLight", q="powerState=on").status_code == 400
    assert get(client, "/entities", type="StreetLight", limit="5000").status_code == 400
    assert (
        get(client, "/entities", georel="near", geometry="Point", coordinates="[1").status_code
        == 400
    )


def test_an_unknown_type_selects_nothing(client, street):
    assert get(client, "/entities", type="Parking").json() == []


def test_an_unknown_entity_is_not_found(client, street):
    response = get(client, "/entities/urn:ngsi-ld:StreetLight:SL-99")
    assert response.status_code == 404
    assert response.json()["type"].endswith("/ResourceNotFound")


def test_writing_needs_a_gateway_token(client, street):
    body = {"id": "urn:ngsi-ld:StreetLight:SL-NEW", "type": "StreetLight"}
    assert send(client, "post", "/entities", body).status_code == 401
    assert send(client, "post", "/entities", body, token="wrong").status_code == 401


def test_creating_an_entity_registers_the_device_and_its_readings(client, street, gateway_token):
    body = {
        "id": "urn:ngsi-ld:StreetLight:SL-NEW",
        "type": "StreetLight",
        "location": {
            "type": "GeoProperty",
            "value": {"type": "Point", "coordinates": [27.9289, 47.7617]},
        },
        "name": {"type": "Property", "value": "Felinar Piața Independenței"},
        "activePower": {
            "type": "Property",
            "value": 42.0,
            "unitCode": "WTT",
            "observedAt": iso(at(19)),
        },
        "refStreetlightControlCabinet": {
            "type": "Relationship",
            "object": "urn:ngsi-ld:StreetlightControlCabinet:C-1",
        },
    }
    response = send(client, "post", "/entities", body, gateway_token)
    assert response.status_code == 201
    assert response["Location"] == f"{API}/entities/urn:ngsi-ld:StreetLight:SL-NEW"
    device = Device.objects.get(ref="SL-NEW")
    assert device.district is not None and device.department.slug == "iluminat"
    assert (
        device.attributes["refStreetlightControlCabinet"]
        == "urn:ngsi-ld:StreetlightControlCabinet:C-1"
    )
    assert Reading.objects.get(device=device).value == 42.0
    shown = get(client, "/entities/urn:ngsi-ld:StreetLight:SL-NEW").json()
    assert shown["refStreetlightControlCabinet"] == {
        "type": "Relationship",
        "object": "urn:ngsi-ld:StreetlightControlCabinet:C-1",
    }
    assert send(client, "post", "/entities", body, gateway_token).status_code == 409


def test_a_bad_value_in_a_new_entity_leaves_nothing_behind(client, street, gateway_token):
    body = {
        "id": "urn:ngsi-ld:StreetLight:SL-BAD",
        "type": "StreetLight",
        "location": {
            "type": "GeoProperty",
            "value": {"type": "Point", "coordinates": [27.9289, 47.7617]},
        },
        "activePower": {"type": "Property", "value": -5},
    }
    response = send(client, "post", "/entities", body, gateway_token)
    assert response.status_code == 400
    assert "activePower" in response.json()["detail"]
    assert not Device.objects.filter(ref="SL-BAD").exists()


def test_bodies_must_be_json(client, street, gateway_token):
    assert (
        send(client, "post", "/entities", "x", gateway_token, content_type="text/plain").status_code
        == 415
    )
    response = send(client, "post", "/entities", "{", gateway_token)
    assert (response.status_code, response.json()["type"]) == (
        400,
        "https://uri.etsi.org/ngsi-ld/errors/InvalidRequest",
    )
    response = send(
        client,
        "post",
        "/entities",
        {"id": "urn:ngsi-ld:StreetLight:X"},
        gateway_token,
        content_type="application/ld+json",
    )
    assert response.status_code == 400


def test_patching_attributes_stores_readings(client, street, gateway_token):
    path = "/entities/urn:ngsi-ld:StreetLight:SL-2/attrs"
    response = send(
        client,
        "patch",
        path,
        {"powerState": {"type": "Property", "value": "off", "observedAt": iso(at(19))}},
        gateway_token,
    )
    assert response.status_code == 204
    assert (
        get(client, "/entities/urn:ngsi-ld:StreetLight:SL-2").json()["powerState"]["value"] == "off"
    )
    refused = send(
        client, "patch", path, {"illuminanceLevel": {"type": "Property", "value": 7}}, gateway_token
    )
    assert refused.status_code == 400
    assert (
        send(
            client,
            "patch",
            "/entities/urn:ngsi-ld:StreetLight:SL-77/attrs",
            {"powerState": "on"},
            gateway_token,
        ).status_code
        == 404
    )


def test_a_vendor_gateway_writes_only_its_own_devices(client, street):
    _gateway, token = services.gateway_create(name="Other vendor")
    response = send(
        client,
        "patch",
        "/entities/urn:ngsi-ld:StreetLight:SL-2/attrs",
        {"powerState": "off"},
        token,
    )
    assert response.status_code == 400
    assert "gateway" in response.json()["detail"]


def test_batch_upsert_reports_each_entity(client, street, gateway_token):
    point = {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [27.93, 47.762]}}
    batch = [
        {
            "id": "urn:ngsi-ld:WasteContainer:WC-1",
            "type": "WasteContainer",
            "location": point,
            "fillingLevel": {"type": "Property", "value": 0.4, "observedAt": iso(at(18))},
        },
        {
            "id": "urn:ngsi-ld:StreetLight:SL-1",
            "type": "StreetLight",
            "powerState": {"type": "Property", "value": "off", "observedAt": iso(at(19))},
        },
    ]
    response = send(client, "post", "/entityOperations/upsert", batch, gateway_token)
    assert response.status_code == 201
    assert response.json() == ["urn:ngsi-ld:WasteContainer:WC-1"]
    batch.append({"id": "urn:ngsi-ld:Nonsense:1", "type": "Nonsense"})
    response = send(client, "post", "/entityOperations/upsert", batch, gateway_token)
    assert response.status_code == 207
    body = response.json()
    assert body["success"] == ["urn:ngsi-ld:WasteContainer:WC-1", "urn:ngsi-ld:StreetLight:SL-1"]
    assert body["errors"][0]["entityId"] == "urn:ngsi-ld:Nonsense:1"
    assert body["errors"][0]["error"]["type"].endswith("/BadRequestData")


def test_deleting_an_entity_retires_the_device(client, street, gateway_token):
    response = client.delete(
        f"{API}/entities/urn:ngsi-ld:StreetLight:SL-4", HTTP_AUTHORIZATION=f"Bearer {gateway_token}"
    )
    assert response.status_code == 204
    assert get(client, "/entities/urn:ngsi-ld:StreetLight:SL-4").status_code == 404
    assert Reading.objects.filter(device__ref="SL-4").exists()  # its history stays


def test_temporal_evolution_raw_and_aggregated(client, street):
    station = Device.objects.get(ref="AQ-1")
    readings_ingest(
        [
            {"device": "AQ-1", "observedAt": iso(at(h, m)), "values": {"pm25": float(h + m)}}
            for h in (16, 17)
            for m in (0, 30)
        ],
        credential=TRUSTED,
    )
    path = "/temporal/entities/urn:ngsi-ld:AirQualityObserved:AQ-1"
    raw = get(
        client, path, timerel="between", timeAt=iso(at(16)), endTimeAt=iso(at(17, 15)), attrs="pm25"
    ).json()
    assert raw["id"] == "urn:ngsi-ld:AirQualityObserved:AQ-1"
    assert [(i["value"], i["observedAt"]) for i in raw["pm25"]] == [
        (16.0, "2026-11-28T16:00:00Z"),
        (46.0, "2026-11-28T16:30:00Z"),
        (17.0, "2026-11-28T17:00:00Z"),
    ]
    last = get(
        client,
        path,
        timerel="after",
        timeAt=iso(at(0)),
        attrs="pm25",
        lastN="1",
        options="temporalValues",
    ).json()
    assert last["pm25"] == {"type": "Property", "values": [[47.0, "2026-11-28T17:30:00Z"]]}
    hourly = get(
        client,
        path,
        timerel="between",
        timeAt=iso(at(0)),
        endTimeAt=iso(at(23)),
        attrs="pm25",
        options="aggregatedValues",
        aggrMethods="avg,max",
        aggrPeriodDuration="PT1H",
    ).json()
    assert hourly["pm25"]["avg"] == [
        [31.0, "2026-11-28T16:00:00Z", "2026-11-28T17:00:00Z"],
        [32.0, "2026-11-28T17:00:00Z", "2026-11-28T18:00:00Z"],
    ]
    assert [m[0] for m in hourly["pm25"]["max"]] == [46.0, 47.0]
    assert station.pk
    bad = get(client, path, timerel="between", timeAt=iso(at(1)))
    assert bad.status_code == 400


def test_types_are_listed(client, street):
    assert "StreetLight" in get(client, "/types").json()["typeList"]


def test_the_context_document_is_served(client):
    response = client.get(f"{API}/context.jsonld")
    assert response["Content-Type"] == "application/ld+json"
    assert "powerState" in response.json()["@context"]
