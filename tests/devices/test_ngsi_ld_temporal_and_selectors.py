"""NGSI-LD temporal queries over many entities, temporal writes through the readings
path, and subscriptions with several selectors, geoQ and strict validation."""

from __future__ import annotations

import json

import pytest

from smartcity.devices import services
from smartcity.devices.models import NgsiSubscription, Reading
from tests.conftest import iso
from tests.devices import test_ngsi_subscriptions as subscriptions_tests
from tests.devices.conftest import at

# The receiving endpoint on the loopback, and the allow-list that opens it, of those tests.
receiver = subscriptions_tests.receiver
_loopback_allowed = subscriptions_tests._loopback_allowed
ingest = subscriptions_tests.ingest

API = "/ngsi-ld/v1"
OTHER_AT = (47.7800, 27.9300)  # some 2 km north of the test station


@pytest.fixture
def token(balti):
    return services.gateway_create(name="City integration", writes_any_device=True)[1]


@pytest.fixture
def stations(station):
    far = services.device_register(
        ref="AQ-TEST-02",
        device_type="AirQualityObserved",
        latitude=OTHER_AT[0],
        longitude=OTHER_AT[1],
    )
    return station, far


def send(client, method, path, token, body, content_type="application/json", **headers):
    return getattr(client, method)(
        f"{API}{path}",
        data=json.dumps(body),
        content_type=content_type,
        HTTP_AUTHORIZATION=f"Bearer {token}",
        **headers,
    )


def temporal_body(ref: str, *values: tuple[float, int]) -> dict:
    return {
        "id": f"urn:ngsi-ld:AirQualityObserved:{ref}",
        "type": "AirQualityObserved",
        "pm25": [{"type": "Property", "value": v, "observedAt": iso(at(h))} for v, h in values],
    }


def test_a_temporal_entity_posted_becomes_readings_at_their_times(client, stations, token):
    response = send(
        client,
        "post",
        "/temporal/entities",
        token,
        temporal_body("AQ-TEST-01", (10.0, 8), (20.0, 9)),
    )
    assert response.status_code == 204  # the station existed
    new = temporal_body("AQ-NEW-9", (5.0, 8))
    new["location"] = {
        "type": "GeoProperty",
        "value": {"type": "Point", "coordinates": [27.93, 47.765]},
    }
    response = send(client, "post", "/temporal/entities", token, new)
    assert response.status_code == 201, response.content
    assert (
        response["Location"] == f"{API}/temporal/entities/urn:ngsi-ld:AirQualityObserved:AQ-NEW-9"
    )
    times = Reading.objects.filter(device__ref="AQ-TEST-01", quantity="pm25").order_by(
        "observed_at"
    )
    assert [(r.value, r.observed_at) for r in times] == [(10.0, at(8)), (20.0, at(9))]


def test_a_temporal_entity_without_an_id_is_refused(client, stations, token):
    response = send(client, "post", "/temporal/entities", token, {"type": "AirQualityObserved"})
    assert response.status_code == 400
    assert response.json()["type"].endswith("/BadRequestData")


def test_temporal_attrs_are_appended_and_an_unknown_entity_is_404(client, stations, token):
    path = "/temporal/entities/urn:ngsi-ld:AirQualityObserved:AQ-TEST-02/attrs"
    body = {"pm25": [{"type": "Property", "value": 33.0, "observedAt": iso(at(7))}]}
    assert send(client, "post", path, token, body).status_code == 204
    assert Reading.objects.get(device__ref="AQ-TEST-02", quantity="pm25").value == 33.0
    missing = "/temporal/entities/urn:ngsi-ld:AirQualityObserved:NOPE/attrs"
    assert send(client, "post", missing, token, body).status_code == 404


def test_deleting_the_history_is_not_offered(client, stations, token):
    path = "/temporal/entities/urn:ngsi-ld:AirQualityObserved:AQ-TEST-01"
    response = client.delete(f"{API}{path}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/")


def test_temporal_query_over_many_entities_with_timerel_and_last_n(client, stations, token):
    send(
        client, "post", "/temporal/entities", token, temporal_body("AQ-TEST-01", (1.0, 8), (2.0, 9))
    )
    send(
        client,
        "post",
        "/temporal/entities",
        token,
        temporal_body("AQ-TEST-02", (3.0, 8), (4.0, 10)),
    )
    found = client.get(
        f"{API}/temporal/entities",
        {
            "type": "AirQualityObserved",
            "attrs": "pm25",
            "timerel": "before",
            "timeAt": iso(at(9, 30)),
        },
    ).json()
    assert {e["id"]: [i["value"] for i in e["pm25"]] for e in found} == {
        "urn:ngsi-ld:AirQualityObserved:AQ-TEST-01": [1.0, 2.0],
        "urn:ngsi-ld:AirQualityObserved:AQ-TEST-02": [3.0],
    }
    last = client.get(
        f"{API}/temporal/entities",
        {
            "idPattern": "AQ-TEST-0[12]$",
            "q": "pm25>1",
            "attrs": "pm25",
            "timerel": "after",
            "timeAt": iso(at(0)),
            "lastN": "1",
        },
    ).json()
    assert {e["id"]: [i["value"] for i in e["pm25"]] for e in last} == {
        "urn:ngsi-ld:AirQualityObserved:AQ-TEST-01": [2.0],
        "urn:ngsi-ld:AirQualityObserved:AQ-TEST-02": [4.0],
    }
    only = client.get(
        f"{API}/temporal/entities",
        {
            "id": "urn:ngsi-ld:AirQualityObserved:AQ-TEST-02",
            "timerel": "between",
            "timeAt": iso(at(9)),
            "endTimeAt": iso(at(11)),
        },
    ).json()
    assert [[i["value"] for i in e["pm25"]] for e in only] == [[4.0]]


def test_a_temporal_query_without_a_selection_is_refused(client, stations):
    response = client.get(f"{API}/temporal/entities", {"timerel": "after", "timeAt": iso(at(0))})
    assert response.status_code == 400


def subscription(url: str, **members) -> dict:
    body = {"type": "Subscription", "notification": {"endpoint": {"uri": url}}}
    body.update(members)
    return body


def test_any_of_several_selectors_notifies_and_geoq_narrows(
    client, stations, token, receiver, django_capture_on_commit_callbacks
):
    url, received = receiver
    near, far = stations
    by_id = subscription(
        url,
        id="urn:ngsi-ld:Subscription:by-id",
        entities=[
            {"type": "StreetLight"},
            {"type": "AirQualityObserved", "id": "urn:ngsi-ld:AirQualityObserved:AQ-TEST-02"},
        ],
    )
    by_pattern_near = subscription(
        url,
        id="urn:ngsi-ld:Subscription:near",
        entities=[{"type": "AirQualityObserved", "idPattern": "AQ-TEST-.*"}],
        geoQ={
            "georel": "near;maxDistance==1000",
            "geometry": "Point",
            "coordinates": [near.longitude, near.latitude],
        },
    )
    assert send(client, "post", "/subscriptions", token, by_id).status_code == 201
    assert send(client, "post", "/subscriptions", token, by_pattern_near).status_code == 201
    ingest(django_capture_on_commit_callbacks, near, at(18), pm25=10.0)
    ingest(django_capture_on_commit_callbacks, far, at(18, 5), pm25=20.0)
    heard = sorted((n["body"]["subscriptionId"], n["body"]["data"][0]["id"]) for n in received)
    assert heard == [
        ("urn:ngsi-ld:Subscription:by-id", "urn:ngsi-ld:AirQualityObserved:AQ-TEST-02"),
        ("urn:ngsi-ld:Subscription:near", "urn:ngsi-ld:AirQualityObserved:AQ-TEST-01"),
    ]
    normalized = received[0]["body"]
    assert normalized["notifiedAt"].endswith("Z")
    assert normalized["data"][0]["pm25"]["type"] == "Property"
    shown = client.get(
        f"{API}/subscriptions/urn:ngsi-ld:Subscription:near", HTTP_AUTHORIZATION=f"Bearer {token}"
    ).json()
    assert shown["entities"] == [{"type": "AirQualityObserved", "idPattern": "AQ-TEST-.*"}]
    assert shown["geoQ"]["georel"] == "near;maxDistance==1000"


@pytest.mark.parametrize(
    "members",
    [
        {"id": "1234", "entities": [{"type": "AirQualityObserved"}]},
        {"entities": []},
        {"entities": [{"id": "urn:ngsi-ld:AirQualityObserved:AQ-TEST-01"}]},
        {"watchedAttributes": []},
        {"entities": [{"type": "AirQualityObserved"}], "isActive": "abcde"},
        {"entities": [{"type": "AirQualityObserved", "idPattern": "("}]},
        {
            "entities": [{"type": "AirQualityObserved"}],
            "geoQ": {"georel": "near", "geometry": "Point", "coordinates": [1, 2]},
        },
        {"entities": [{"type": "AirQualityObserved"}], "geoQ": "near"},
    ],
)
def test_a_malformed_subscription_is_refused_with_problem_details(
    client, stations, token, receiver, members
):
    url, _received = receiver
    response = send(client, "post", "/subscriptions", token, subscription(url, **members))
    assert response.status_code == 400
    assert response.json()["type"] == "https://uri.etsi.org/ngsi-ld/errors/BadRequestData"
    assert NgsiSubscription.objects.count() == 0


def test_subscription_names_are_read_through_an_inline_context(client, stations, token, receiver):
    url, _received = receiver
    body = subscription(
        url,
        id="urn:ngsi-ld:Subscription:ctx",
        entities=[{"type": "Station"}],
        watchedAttributes=["fine"],
        **{
            "@context": {
                "fine": "https://smartdatamodels.org/pm25",
                "Station": "https://uri.fiware.org/ns/dataModels#AirQualityObserved",
            }
        },
    )
    response = send(
        client, "post", "/subscriptions", token, body, content_type="application/ld+json"
    )
    assert response.status_code == 201, response.content
    sub = NgsiSubscription.objects.get()
    assert sub.entities == [{"type": "AirQualityObserved"}]
    assert sub.watched_attributes == ["pm25"]
    shown = client.get(
        f"{API}/subscriptions/urn:ngsi-ld:Subscription:ctx", HTTP_AUTHORIZATION=f"Bearer {token}"
    ).json()
    assert shown["watchedAttributes"] == ["pm25"]  # compacted to the hub's own context


def test_a_q_with_an_unquoted_uri_is_taken(client, stations, token, receiver):
    url, _received = receiver
    body = subscription(
        url,
        entities=[{"type": "AirQualityObserved"}],
        q="pm25<10;refDevice==urn:ngsi-ld:Device:001",
    )
    assert send(client, "post", "/subscriptions", token, body).status_code == 201
    assert NgsiSubscription.objects.get().q == "pm25<10;refDevice==urn:ngsi-ld:Device:001"
    garbled = subscription(url, entities=[{"type": "AirQualityObserved"}], q="pm25<ten")
    assert send(client, "post", "/subscriptions", token, garbled).status_code == 400
