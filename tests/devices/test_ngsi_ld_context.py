"""NGSI-LD names and @context: expansion on input, compaction on output, and the HTTP
surface generic clients meet (trailing slashes, ProblemDetails for every error)."""

from __future__ import annotations

import json

import pytest

from smartcity.devices import services
from smartcity.devices.ingest import TRUSTED, readings_ingest
from smartcity.devices.models import Device, Reading
from smartcity.devices.ngsi_ld.context import context_of, own_context, own_url
from smartcity.devices.ngsi_ld.errors import NgsiError
from tests.conftest import iso
from tests.devices.conftest import at
from tests.devices.test_ngsi_ld import API, CORE, get, ids, send

FIWARE_STREETLIGHT = "https://uri.fiware.org/ns/dataModels#StreetLight"
SDM_POWER_STATE = "https://smartdatamodels.org/powerState"
CORE_VOCAB = "https://uri.etsi.org/ngsi-ld/default-context/"
ERRORS = "https://uri.etsi.org/ngsi-ld/errors/"
LINK_REL = 'rel="http://www.w3.org/ns/json-ld#context"'
# A client's own vocabulary: its words for the hub's type and one of its quantities.
CLIENT_CONTEXT = {"Lamp": FIWARE_STREETLIGHT, "power": "https://smartdatamodels.org/activePower"}


@pytest.fixture
def lamps(balti):
    for n in range(2):
        services.device_register(
            ref=f"SL-{n}",
            device_type="StreetLight",
            latitude=47.7600 + n * 0.0009,
            longitude=27.928,
        )
    services.device_register(
        ref="AQ-1", device_type="AirQualityObserved", latitude=47.762, longitude=27.93
    )
    readings_ingest(
        [{"device": "SL-1", "observedAt": iso(at(18)), "values": {"powerState": "on"}}],
        credential=TRUSTED,
    )


@pytest.fixture
def token(balti):
    return services.gateway_create(name="City integration", writes_any_device=True)[1]


def link(url):
    return f'<{url}>; {LINK_REL}; type="application/ld+json"'


def test_a_type_given_as_a_full_iri_selects_its_entities(client, lamps):
    response = get(client, "/entities", type=FIWARE_STREETLIGHT)
    assert ids(response) == ["urn:ngsi-ld:StreetLight:SL-0", "urn:ngsi-ld:StreetLight:SL-1"]
    assert response.json()[0]["type"] == "StreetLight"


def test_a_type_left_to_the_core_vocabulary_is_the_hubs_type_of_that_name(client, lamps):
    response = get(client, "/entities", type=f"{CORE_VOCAB}StreetLight")
    assert len(ids(response)) == 2


def test_attribute_names_in_q_and_attrs_may_be_full_iris(client, lamps):
    response = get(
        client, "/entities", type="StreetLight", q=f'{SDM_POWER_STATE}=="on"', attrs=SDM_POWER_STATE
    )
    assert ids(response) == ["urn:ngsi-ld:StreetLight:SL-1"]
    assert set(response.json()[0]) == {"id", "type", "powerState"}


def test_the_core_context_in_a_link_header_answers_in_short_names(client, lamps):
    response = client.get(
        f"{API}/entities/urn:ngsi-ld:StreetLight:SL-1",
        HTTP_ACCEPT="application/json",
        HTTP_LINK=link(CORE),
    )
    assert response.status_code == 200
    assert response.json()["type"] == "StreetLight"
    assert "powerState" in response.json()
    assert response["Link"] == link(CORE)


def test_the_hubs_own_context_is_resolved_without_fetching_it(client, lamps):
    own = "http://testserver/ngsi-ld/v1/context.jsonld"
    response = client.get(
        f"{API}/entities", {"type": "StreetLight"}, HTTP_LINK=link(own), HTTP_ACCEPT="*/*"
    )
    assert len(ids(response)) == 2


def test_an_unknown_remote_context_is_not_fetched_but_refused(client, lamps):
    response = client.get(
        f"{API}/entities",
        {"type": "Lamp"},
        HTTP_LINK=link("https://contexts.example.org/lamps.jsonld"),
    )
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["type"] == f"{ERRORS}LdContextNotAvailable"


def test_an_inline_context_in_a_json_ld_body_names_the_type_and_attributes(client, lamps, token):
    body = {
        "@context": [CLIENT_CONTEXT, CORE],
        "id": "urn:ngsi-ld:StreetLight:SL-NEW",
        "type": "Lamp",
        "location": {
            "type": "GeoProperty",
            "value": {"type": "Point", "coordinates": [27.93, 47.762]},
        },
        "power": {"type": "Property", "value": 40.0, "observedAt": iso(at(19))},
    }
    response = send(client, "post", "/entities", body, token, content_type="application/ld+json")
    assert response.status_code == 201
    device = Device.objects.get(ref="SL-NEW")
    assert device.device_type == "StreetLight"
    assert Reading.objects.get(device=device).value == 40.0


def test_a_json_ld_query_is_answered_in_the_names_of_its_context(client, lamps):
    query = {
        "@context": [CLIENT_CONTEXT, CORE],
        "type": "Query",
        "entities": [{"type": "Lamp"}],
    }
    readings_ingest(
        [{"device": "SL-0", "observedAt": iso(at(18)), "values": {"activePower": 35.0}}],
        credential=TRUSTED,
    )
    response = client.post(
        f"{API}/entityOperations/query",
        json.dumps(query),
        content_type="application/ld+json",
        HTTP_ACCEPT="application/ld+json",
    )
    assert response.status_code == 200
    first = response.json()[0]
    assert first["type"] == "Lamp"
    assert first["power"]["value"] == 35.0
    assert CLIENT_CONTEXT in first["@context"]


def test_compaction_prefers_the_clients_term_and_keeps_hub_names_it_leaves_open():
    ctx = context_of([CLIENT_CONTEXT, CORE])
    assert ctx.from_hub("StreetLight") == "Lamp"
    assert ctx.from_hub("powerState") == "powerState"  # the client's context leaves it open
    assert ctx.to_hub("power") == "activePower"
    assert ctx.to_hub(FIWARE_STREETLIGHT) == "StreetLight"
    assert ctx.expand("location") == "https://uri.etsi.org/ngsi-ld/location"
    assert own_context().expand("StreetLight") == FIWARE_STREETLIGHT


def test_a_context_term_may_be_a_compact_iri_of_a_prefix_it_defines():
    ctx = context_of([{"sdm": "https://smartdatamodels.org/", "level": "sdm:illuminanceLevel"}])
    assert ctx.to_hub("level") == "illuminanceLevel"
    assert ctx.to_hub("sdm:powerState") == "powerState"


def test_a_plain_json_body_may_not_carry_a_context(client, lamps, token):
    body = {"@context": CORE, "id": "urn:ngsi-ld:StreetLight:SL-X", "type": "StreetLight"}
    response = send(client, "post", "/entities", body, token)
    assert response.status_code == 400
    assert response.json()["type"] == f"{ERRORS}BadRequestData"


def test_every_path_answers_with_a_trailing_slash_too(client, lamps, token):
    assert len(client.get(f"{API}/entities/", {"type": "StreetLight"}).json()) == 2
    response = client.get(f"{API}/entities/urn:ngsi-ld:StreetLight:SL-1/")
    assert response.json()["id"] == "urn:ngsi-ld:StreetLight:SL-1"
    body = {
        "id": "urn:ngsi-ld:WasteContainer:WC-9",
        "type": "WasteContainer",
        "location": {
            "type": "GeoProperty",
            "value": {"type": "Point", "coordinates": [27.93, 47.762]},
        },
    }
    assert send(client, "post", "/entities/", body, token).status_code == 201
    assert send(client, "post", "/entityOperations/upsert/", [body], token).status_code == 204
    deleted = client.delete(
        f"{API}/entities/urn:ngsi-ld:WasteContainer:WC-9/", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert deleted.status_code == 204
    assert client.get(f"{API}/types/").status_code == 200


def test_an_unknown_path_is_a_problem_details_404_not_a_page(client, lamps):
    for path in ("/nothing-here", "/entities/urn:ngsi-ld:StreetLight:SL-1/more/and/more/", "/"):
        response = client.get(f"{API}{path}")
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"
        assert response.json()["type"] == f"{ERRORS}ResourceNotFound"


def test_a_wrong_method_is_answered_in_problem_details(client, lamps):
    response = client.put(f"{API}/entities")
    assert response.status_code == 405
    assert response.json()["type"] == f"{ERRORS}OperationNotSupported"
    assert "GET" in response["Allow"]


def test_context_source_registrations_are_not_offered(client, lamps):
    for path in ("/csourceRegistrations", "/csourceRegistrations/urn:x", "/csourceSubscriptions/"):
        response = client.get(f"{API}{path}")
        assert response.status_code == 501, path
        assert response.json()["type"] == f"{ERRORS}OperationNotSupported"


def test_the_contexts_the_api_resolves_are_listed_and_served(client):
    listed = client.get(f"{API}/jsonldContexts").json()
    assert listed == [own_url(), CORE]
    core = client.get(f"{API}/jsonldContexts/core")
    assert core.json()["@context"]["observedAt"] == "ngsi-ld:observedAt"
    own = client.get(f"{API}/jsonldContexts/balti/")
    assert own.json()["@context"]["StreetLight"] == FIWARE_STREETLIGHT
    assert client.get(f"{API}/jsonldContexts/elsewhere").status_code == 404
    refused = client.post(f"{API}/jsonldContexts", "{}", content_type="application/json")
    assert (refused.status_code, refused.json()["type"]) == (501, f"{ERRORS}OperationNotSupported")


def test_a_fault_is_answered_in_problem_details_too(client, lamps, monkeypatch):
    from smartcity.devices.ngsi_ld import views

    def broken():
        raise RuntimeError("the database went away")

    monkeypatch.setattr(views, "catalogue", broken)
    response = client.get(f"{API}/types")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json()["type"] == f"{ERRORS}InternalError"
    assert "database" not in response.json()["detail"]  # no internals leak out


def test_a_context_that_is_not_urls_and_objects_is_a_bad_request(client, lamps, token):
    body = {"@context": [5], "id": "urn:ngsi-ld:StreetLight:SL-1", "type": "StreetLight"}
    response = send(
        client, "post", "/entityOperations/upsert", [body], token, "application/ld+json"
    )
    assert response.status_code == 207
    assert response.json()["errors"][0]["error"]["type"] == f"{ERRORS}BadRequestData"
    typed_only = context_of([{"when": {"@type": "DateTime"}}])
    assert typed_only.expand("when") == f"{CORE_VOCAB}when"
    with pytest.raises(NgsiError):
        context_of([{"x": {"@id": 5}}])
