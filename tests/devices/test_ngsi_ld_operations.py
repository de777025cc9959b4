"""NGSI-LD provision and batch operations over the hub's devices, and the type and attribute
catalogue (ETSI GS CIM 009, 5.6 and 5.7)."""

from __future__ import annotations

import json

import pytest

from smartcity.devices import services
from smartcity.devices.ingest import TRUSTED, readings_ingest
from smartcity.devices.models import Device, DeviceState, Reading
from tests.conftest import iso
from tests.devices.conftest import at
from tests.devices.test_ngsi_ld import API, get, send

ERRORS = "https://uri.etsi.org/ngsi-ld/errors/"
LAMP = "urn:ngsi-ld:StreetLight:SL-1"
POINT = {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [27.93, 47.762]}}


@pytest.fixture
def lamp(balti):
    services.device_register(
        ref="SL-1",
        device_type="StreetLight",
        latitude=47.7609,
        longitude=27.928,
        name="Felinar 1",
        attributes={"lampPower": 70},
    )
    readings_ingest(
        [
            {
                "device": "SL-1",
                "observedAt": iso(at(18)),
                "values": {"powerState": "on", "illuminanceLevel": 1.0},
            }
        ],
        credential=TRUSTED,
    )


@pytest.fixture
def token(balti):
    return services.gateway_create(name="City integration", writes_any_device=True)[1]


def shown(client, entity_id=LAMP):
    return get(client, f"/entities/{entity_id}").json()


def container(n, **attrs):
    return {"id": f"urn:ngsi-ld:WasteContainer:WC-{n}", "type": "WasteContainer", **attrs}


def test_patching_an_entity_merges_into_what_it_has(client, lamp, token):
    body = {"name": {"type": "Property", "value": "Felinar nou"}}
    assert send(client, "patch", f"/entities/{LAMP}", body, token).status_code == 204
    entity = shown(client)
    assert entity["name"]["value"] == "Felinar nou"
    assert entity["lampPower"]["value"] == 70
    assert entity["powerState"]["value"] == "on"


def test_putting_an_entity_replaces_its_attributes_and_keeps_the_history(client, lamp, token):
    body = {
        "type": "StreetLight",
        "powerState": {"type": "Property", "value": "off", "observedAt": iso(at(19))},
    }
    assert send(client, "put", f"/entities/{LAMP}", body, token).status_code == 204
    entity = shown(client)
    assert set(entity) == {
        "id",
        "type",
        "location",
        "address",
        "areaServed",
        "responsible",
        "powerState",
    }
    assert entity["powerState"]["value"] == "off"
    assert Reading.objects.filter(device__ref="SL-1", quantity="illuminanceLevel").exists()


def test_an_entity_body_naming_another_id_is_refused(client, lamp, token):
    body = {"id": "urn:ngsi-ld:StreetLight:SL-2", "name": {"type": "Property", "value": "x"}}
    response = send(client, "patch", f"/entities/{LAMP}", body, token)
    assert response.status_code == 400


def test_updating_attributes_the_entity_lacks_reports_them_not_updated(client, lamp, token):
    body = {
        "powerState": {"type": "Property", "value": "off"},
        "activePower": {"type": "Property", "value": 30.0},
    }
    response = send(client, "patch", f"/entities/{LAMP}/attrs", body, token)
    assert response.status_code == 207
    assert response.json()["updated"] == ["powerState"]
    assert response.json()["notUpdated"][0]["attributeName"] == "activePower"
    assert shown(client)["powerState"]["value"] == "off"
    assert "activePower" not in shown(client)


def test_appending_with_no_overwrite_keeps_what_is_there(client, lamp, token):
    body = {
        "lampPower": {"type": "Property", "value": 100},
        "activePower": {"type": "Property", "value": 30.0},
    }
    response = client.post(
        f"{API}/entities/{LAMP}/attrs?options=noOverwrite",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 207
    assert response.json()["notUpdated"][0]["attributeName"] == "lampPower"
    entity = shown(client)
    assert (entity["lampPower"]["value"], entity["activePower"]["value"]) == (70, 30.0)
    # Without noOverwrite, appending overwrites.
    assert send(client, "post", f"/entities/{LAMP}/attrs", body, token).status_code == 204
    assert shown(client)["lampPower"]["value"] == 100


def test_one_attribute_is_updated_in_place(client, lamp, token):
    path = f"/entities/{LAMP}/attrs/illuminanceLevel"
    response = send(client, "patch", path, {"value": 0.4, "observedAt": iso(at(19))}, token)
    assert response.status_code == 204
    assert shown(client)["illuminanceLevel"]["value"] == 0.4
    missing = send(client, "patch", f"/entities/{LAMP}/attrs/activePower", {"value": 1.0}, token)
    assert missing.status_code == 404
    assert missing.json()["type"] == f"{ERRORS}ResourceNotFound"
    assert send(client, "put", path, {"type": "Property", "value": 0.6}, token).status_code == 204
    assert shown(client)["illuminanceLevel"]["value"] == 0.6
    assert send(client, "patch", path, {"unitCode": "P1"}, token).status_code == 400


def test_deleting_an_attribute_takes_it_off_the_entity_but_not_out_of_the_history(
    client, lamp, token
):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.delete(f"{API}/entities/{LAMP}/attrs/powerState", **auth).status_code == 204
    assert client.delete(f"{API}/entities/{LAMP}/attrs/lampPower/", **auth).status_code == 204
    entity = shown(client)
    assert "powerState" not in entity and "lampPower" not in entity
    assert Reading.objects.filter(device__ref="SL-1", quantity="powerState").exists()
    assert not DeviceState.objects.filter(device__ref="SL-1", quantity="powerState").exists()
    again = client.delete(f"{API}/entities/{LAMP}/attrs/powerState", **auth)
    assert again.status_code == 404
    location = client.delete(f"{API}/entities/{LAMP}/attrs/location", **auth)
    assert (location.status_code, location.json()["type"]) == (
        422,
        f"{ERRORS}OperationNotSupported",
    )


def test_batch_create_answers_the_ids_it_created_and_each_refusal(client, lamp, token):
    batch = [container(1, location=POINT), container(2, location=POINT)]
    response = send(client, "post", "/entityOperations/create", batch, token)
    assert response.status_code == 201
    assert response.json() == [e["id"] for e in batch]
    again = send(
        client,
        "post",
        "/entityOperations/create",
        [*batch[:1], container(3, location=POINT)],
        token,
    )
    assert again.status_code == 207
    assert again.json()["success"] == ["urn:ngsi-ld:WasteContainer:WC-3"]
    assert again.json()["errors"][0]["error"]["type"] == f"{ERRORS}AlreadyExists"


def test_batch_update_writes_only_entities_that_exist(client, lamp, token):
    update = {"id": LAMP, "type": "StreetLight", "powerState": {"type": "Property", "value": "off"}}
    assert send(client, "post", "/entityOperations/update", [update], token).status_code == 204
    assert shown(client)["powerState"]["value"] == "off"
    response = send(client, "post", "/entityOperations/update", [update, container(7)], token)
    assert response.status_code == 207
    assert response.json()["errors"][0]["entityId"] == "urn:ngsi-ld:WasteContainer:WC-7"
    assert response.json()["errors"][0]["error"]["type"] == f"{ERRORS}ResourceNotFound"
    assert not Device.objects.filter(ref="WC-7").exists()


def test_batch_update_with_no_overwrite_keeps_existing_values(client, lamp, token):
    update = {"id": LAMP, "type": "StreetLight", "lampPower": {"type": "Property", "value": 5}}
    path = "/entityOperations/update?options=noOverwrite"
    assert send(client, "post", path, [update], token).status_code == 204
    assert shown(client)["lampPower"]["value"] == 70


def test_batch_upsert_replaces_by_default_and_merges_with_options_update(client, lamp, token):
    upsert = {"id": LAMP, "type": "StreetLight", "powerState": {"type": "Property", "value": "off"}}
    assert (
        send(client, "post", "/entityOperations/upsert?options=update", [upsert], token).status_code
        == 204
    )
    assert shown(client)["lampPower"]["value"] == 70  # merged: the rest stays
    assert send(client, "post", "/entityOperations/upsert", [upsert], token).status_code == 204
    entity = shown(client)
    assert "lampPower" not in entity and "illuminanceLevel" not in entity  # replaced


def test_batch_merge_merges_into_existing_entities(client, lamp, token):
    merge = {"id": LAMP, "type": "StreetLight", "name": {"type": "Property", "value": "Nou"}}
    assert send(client, "post", "/entityOperations/merge", [merge], token).status_code == 204
    assert shown(client)["name"]["value"] == "Nou"
    assert shown(client)["lampPower"]["value"] == 70


def test_batch_delete_retires_each_device_it_names(client, lamp, token):
    response = send(
        client, "post", "/entityOperations/delete", [LAMP, "urn:ngsi-ld:StreetLight:NONE"], token
    )
    assert response.status_code == 207
    assert response.json()["success"] == [LAMP]
    assert response.json()["errors"][0]["error"]["type"] == f"{ERRORS}ResourceNotFound"
    assert not Device.objects.get(ref="SL-1").is_active
    assert send(client, "post", "/entityOperations/delete", ["not an id"], token).status_code == 207


def test_an_unknown_batch_operation_is_not_found(client, lamp, token):
    response = send(client, "post", "/entityOperations/rename", [], token)
    assert response.status_code == 404
    assert response.json()["type"] == f"{ERRORS}ResourceNotFound"


def test_a_vendor_gateway_may_not_replace_or_delete_devices_not_behind_it(client, lamp):
    _gateway, vendor = services.gateway_create(name="Other vendor")
    body = {"powerState": {"type": "Property", "value": "off"}}
    assert send(client, "put", f"/entities/{LAMP}", body, vendor).status_code == 400
    response = send(client, "post", "/entityOperations/delete", [LAMP], vendor)
    assert response.status_code == 207
    assert Device.objects.get(ref="SL-1").is_active
    denied = client.delete(
        f"{API}/entities/{LAMP}/attrs/lampPower", HTTP_AUTHORIZATION=f"Bearer {vendor}"
    )
    assert denied.status_code == 400
    assert shown(client)["lampPower"]["value"] == 70


def test_writes_of_the_new_operations_need_a_token(client, lamp):
    assert send(client, "put", f"/entities/{LAMP}", {}).status_code == 401
    assert send(client, "post", "/entityOperations/create", []).status_code == 401
    assert client.delete(f"{API}/entities/{LAMP}/attrs/lampPower").status_code == 401


def test_types_list_what_there_are_entities_of(client, lamp):
    services.device_register(
        ref="WC-1", device_type="WasteContainer", latitude=47.762, longitude=27.93
    )
    assert get(client, "/types").json()["typeList"] == ["StreetLight", "WasteContainer"]
    detailed = get(client, "/types", details="true").json()
    assert detailed[0]["type"] == "EntityType"
    assert detailed[0]["id"] == "https://uri.fiware.org/ns/dataModels#StreetLight"
    assert {"powerState", "lampPower", "location"} <= set(detailed[0]["attributeNames"])
    info = get(client, "/types/StreetLight").json()
    assert (info["type"], info["entityCount"]) == ("EntityTypeInfo", 1)
    power = next(a for a in info["attributeDetails"] if a["attributeName"] == "powerState")
    assert power["attributeTypes"] == ["Property"]
    by_iri = get(client, "/types/https://uri.fiware.org/ns/dataModels%23StreetLight")
    assert by_iri.json()["typeName"] == "StreetLight"
    assert get(client, "/types/HeatMeter").status_code == 404


def test_attributes_list_the_names_entities_have(client, lamp):
    names = get(client, "/attributes").json()
    assert names["type"] == "AttributeList"
    assert {"powerState", "illuminanceLevel", "lampPower", "location"} <= set(
        names["attributeList"]
    )
    detailed = get(client, "/attributes", details="true").json()
    location = next(a for a in detailed if a["attributeName"] == "location")
    assert location["typeNames"] == ["StreetLight"]
    one = get(client, "/attributes/powerState").json()
    assert (one["attributeCount"], one["typeNames"]) == (1, ["StreetLight"])
    assert one["id"] == "https://smartdatamodels.org/powerState"
    assert get(client, "/attributes/fillingLevel").status_code == 404


def test_a_query_may_be_posted(client, lamp):
    services.device_register(
        ref="WC-1", device_type="WasteContainer", latitude=47.762, longitude=27.93
    )
    query = {"type": "Query", "entities": [{"type": "StreetLight"}], "q": 'powerState=="on"'}
    response = send(client, "post", "/entityOperations/query?count=true", query)
    assert response.status_code == 200
    assert [e["id"] for e in response.json()] == [LAMP]
    assert response["NGSILD-Results-Count"] == "1"
    assert send(client, "post", "/entityOperations/query", {"entities": []}).status_code == 400


def test_a_type_selection_may_name_either_of_two_types(client, lamp):
    services.device_register(
        ref="WC-1", device_type="WasteContainer", latitude=47.762, longitude=27.93
    )
    response = get(client, "/entities", type="StreetLight|WasteContainer")
    assert [e["id"] for e in response.json()] == [LAMP, "urn:ngsi-ld:WasteContainer:WC-1"]


def test_a_merge_patch_body_merges_into_the_entity(client, lamp, token):
    body = {"name": {"type": "Property", "value": "Felinar reparat"}}
    response = send(
        client, "patch", f"/entities/{LAMP}", body, token, "application/merge-patch+json"
    )
    assert response.status_code == 204
    assert shown(client)["name"]["value"] == "Felinar reparat"
    refused = send(
        client, "post", f"/entities/{LAMP}/attrs", body, token, "application/merge-patch+json"
    )
    assert refused.status_code == 415


def test_system_attributes_are_shown_when_asked(client, lamp):
    entity = get(client, f"/entities/{LAMP}", options="sysAttrs").json()
    assert entity["createdAt"] == "2026-11-28T20:00:00Z"
    assert entity["modifiedAt"] == "2026-11-28T20:00:00Z"
    assert "createdAt" not in shown(client)
    listed = get(client, "/entities", type="StreetLight", options="sysAttrs").json()
    assert listed[0]["createdAt"] == "2026-11-28T20:00:00Z"


def test_entities_come_as_geojson_when_asked(client, lamp):
    one = client.get(f"{API}/entities/{LAMP}", HTTP_ACCEPT="application/geo+json")
    assert one["Content-Type"] == "application/geo+json"
    assert one.json()["type"] == "Feature"
    assert one.json()["geometry"] == {"type": "Point", "coordinates": [27.928, 47.7609]}
    assert one.json()["properties"]["powerState"]["value"] == "on"
    assert "context.jsonld" in one["Link"]
    many = client.get(
        f"{API}/entities",
        {"type": "StreetLight", "options": "keyValues"},
        HTTP_ACCEPT="application/geo+json",
    )
    collection = many.json()
    assert collection["type"] == "FeatureCollection"
    assert collection["features"][0]["id"] == LAMP
    assert collection["features"][0]["geometry"]["type"] == "Point"
    assert collection["features"][0]["properties"]["powerState"] == "on"


def test_the_concise_form_is_answered_and_taken(client, lamp, token):
    entity = get(client, f"/entities/{LAMP}", options="concise").json()
    assert entity["name"] == "Felinar 1"
    assert entity["location"] == {"type": "Point", "coordinates": [27.928, 47.7609]}
    assert entity["powerState"] == {"value": "on", "observedAt": "2026-11-28T18:00:00Z"}
    listed = get(client, "/entities", type="StreetLight", format="concise").json()
    assert listed[0]["lampPower"] == 70
    body = {
        "id": "urn:ngsi-ld:StreetLight:SL-2",
        "type": "StreetLight",
        "location": {"type": "Point", "coordinates": [27.93, 47.762]},
        "activePower": {"value": 33.0, "observedAt": iso(at(19))},
        "refStreetlightControlCabinet": {"object": "urn:ngsi-ld:StreetlightControlCabinet:C-1"},
    }
    assert send(client, "post", "/entities", body, token).status_code == 201
    created = shown(client, "urn:ngsi-ld:StreetLight:SL-2")
    assert created["activePower"]["value"] == 33.0
    assert created["refStreetlightControlCabinet"] == {
        "type": "Relationship",
        "object": "urn:ngsi-ld:StreetlightControlCabinet:C-1",
    }


def test_a_body_too_large_is_refused_in_problem_details(client, lamp, token, settings):
    settings.SMARTCITY_INGEST_MAX_BYTES = 100
    body = {"name": {"type": "Property", "value": "x" * 200}}
    response = send(client, "patch", f"/entities/{LAMP}", body, token)
    assert (response.status_code, response.json()["type"]) == (
        413,
        f"{ERRORS}RequestEntityTooLarge",
    )
