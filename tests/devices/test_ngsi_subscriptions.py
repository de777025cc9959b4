"""NGSI-LD subscriptions: a subscriber hears about changes at its HTTP endpoint."""

from __future__ import annotations

import ipaddress
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from smartcity.devices import services
from smartcity.devices.ingest import TRUSTED, readings_ingest
from smartcity.devices.models import NgsiSubscription
from tests.conftest import iso
from tests.devices.conftest import at

API = "/ngsi-ld/v1"


@pytest.fixture(autouse=True)
def _loopback_allowed(settings):
    """These receivers listen on the loopback, which only the allow-list opens."""
    settings.SMARTCITY_NOTIFY_ALLOWED_NETWORKS = (ipaddress.ip_network("127.0.0.0/8"),)


@pytest.fixture
def receiver():
    """A real HTTP endpoint on localhost that keeps what is POSTed to it."""
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the standard library's name
            length = int(self.headers["Content-Length"])
            received.append(
                {"headers": dict(self.headers), "body": json.loads(self.rfile.read(length))}
            )
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/notify", received
    server.shutdown()


@pytest.fixture
def token(balti):
    return services.gateway_create(name="City integration", writes_any_device=True)[1]


def subscribe(client, token, body):
    return client.post(
        f"{API}/subscriptions",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def ingest(django_capture_on_commit_callbacks, device, moment, **values):
    with django_capture_on_commit_callbacks(execute=True):
        readings_ingest(
            [{"device": device.ref, "observedAt": iso(moment), "values": values}],
            credential=TRUSTED,
        )


def test_a_subscriber_is_notified_when_a_watched_attribute_changes(
    client, station, token, receiver, django_capture_on_commit_callbacks
):
    url, received = receiver
    response = subscribe(
        client,
        token,
        {
            "type": "Subscription",
            "entities": [{"type": "AirQualityObserved"}],
            "watchedAttributes": ["pm25"],
            "q": "pm25>25",
            "notification": {
                "format": "keyValues",
                "attributes": ["pm25"],
                "endpoint": {"uri": url, "accept": "application/json"},
            },
        },
    )
    assert response.status_code == 201
    sub_id = response["Location"].rsplit("/", 1)[1]
    ingest(django_capture_on_commit_callbacks, station, at(18), temperature=3.0)  # not watched
    ingest(django_capture_on_commit_callbacks, station, at(18, 10), pm25=12.0)  # q does not hold
    assert received == []
    ingest(django_capture_on_commit_callbacks, station, at(18, 20), pm25=40.0)
    [notification] = received
    assert notification["body"]["type"] == "Notification"
    assert notification["body"]["subscriptionId"] == sub_id
    assert notification["body"]["data"] == [
        {
            "id": "urn:ngsi-ld:AirQualityObserved:AQ-TEST-01",
            "type": "AirQualityObserved",
            "pm25": 40.0,
        }
    ]
    assert "context.jsonld" in notification["headers"]["Link"]
    shown = client.get(f"{API}/subscriptions/{sub_id}", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert shown["notification"]["timesSent"] == 1
    assert shown["notification"]["status"] == "ok"


def test_a_failing_endpoint_is_recorded_and_does_not_stop_ingestion(
    client, station, token, django_capture_on_commit_callbacks
):
    subscribe(
        client,
        token,
        {
            "type": "Subscription",
            "entities": [{"type": "AirQualityObserved"}],
            "notification": {"endpoint": {"uri": "http://127.0.0.1:9/nobody-listens"}},
        },
    )
    ingest(django_capture_on_commit_callbacks, station, at(18), pm25=40.0)
    sub = NgsiSubscription.objects.get()
    assert sub.last_failure_at is not None and sub.last_success_at is None
    assert station.states.get(quantity="pm25").value == 40.0


def test_subscriptions_are_listed_paused_and_deleted(client, station, token):
    body = {
        "type": "Subscription",
        "id": "urn:ngsi-ld:Subscription:lamps",
        "entities": [{"type": "StreetLight"}],
        "notification": {"endpoint": {"uri": "http://127.0.0.1:9/n"}},
    }
    assert subscribe(client, token, body).status_code == 201
    assert subscribe(client, token, body).status_code == 409
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    path = f"{API}/subscriptions/urn:ngsi-ld:Subscription:lamps"
    patched = client.patch(
        path, data=json.dumps({"isActive": False}), content_type="application/json", **auth
    )
    assert patched.status_code == 204
    [listed] = client.get(f"{API}/subscriptions", **auth).json()
    assert (listed["id"], listed["status"]) == ("urn:ngsi-ld:Subscription:lamps", "paused")
    assert client.delete(path, **auth).status_code == 204
    assert client.get(path, **auth).status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"type": "Subscription", "entities": [{"type": "StreetLight"}]},
        {
            "type": "Subscription",
            "entities": [{"type": "StreetLight"}],
            "notification": {"endpoint": {"uri": "ftp://x"}},
        },
        {"type": "Subscription", "notification": {"endpoint": {"uri": "http://x"}}},
        {
            "type": "Subscription",
            "entities": [{"type": "StreetLight"}],
            "q": "a=b",
            "notification": {"endpoint": {"uri": "http://x"}},
        },
        {"type": "Thing"},
    ],
)
def test_an_invalid_subscription_is_refused(client, token, body):
    response = subscribe(client, token, body)
    assert response.status_code == 400
    assert response.json()["type"].endswith("/BadRequestData")


def test_subscriptions_are_not_public(client, balti):
    assert client.get(f"{API}/subscriptions").status_code == 401
