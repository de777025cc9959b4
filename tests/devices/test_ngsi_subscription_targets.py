"""NGSI-LD subscriptions cannot make the worker call the city's own network: loopback,
link-local (cloud metadata) and private addresses are refused when subscribing and again
before each notification, unless the city allows them; redirects are not followed."""

from __future__ import annotations

import ipaddress
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from smartcity.devices import notify_targets, services
from smartcity.devices.ingest import TRUSTED, readings_ingest
from smartcity.devices.models import NgsiSubscription
from tests.conftest import iso
from tests.devices.conftest import at

API = "/ngsi-ld/v1"
LOOPBACK = (ipaddress.ip_network("127.0.0.1/32"),)


class _Server:
    """A real HTTP server on the loopback that records what reaches it."""

    def __init__(self, status: int = 204, location: str = "") -> None:
        self.hits: list[str] = []
        hits = self.hits

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the standard library's name
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                hits.append(self.headers.get("Host", ""))
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST  # noqa: N815 - a followed redirect may turn into a GET

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}/notify"


@pytest.fixture
def servers():
    made: list[_Server] = []

    def make(**kwargs) -> _Server:
        made.append(_Server(**kwargs))
        return made[-1]

    yield make
    for server in made:
        server.server.shutdown()


@pytest.fixture
def token(balti):
    return services.gateway_create(name="City integration", writes_any_device=True)[1]


def subscribe(client, token, uri: str):
    body = {
        "type": "Subscription",
        "entities": [{"type": "AirQualityObserved"}],
        "notification": {"endpoint": {"uri": uri}},
    }
    return client.post(
        f"{API}/subscriptions",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def ingest(django_capture_on_commit_callbacks, device, moment):
    with django_capture_on_commit_callbacks(execute=True):
        readings_ingest(
            [{"device": device.ref, "observedAt": iso(moment), "values": {"pm25": 40.0}}],
            credential=TRUSTED,
        )


@pytest.mark.parametrize(
    "uri",
    [
        "http://127.0.0.1:{port}/notify",
        "http://localhost:{port}/notify",
        "http://[::1]:{port}/notify",
        "http://[::ffff:127.0.0.1]:{port}/notify",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/notify",
        "http://192.168.0.10/notify",
        "http://100.64.0.1/notify",
        "http://0.0.0.0:{port}/notify",
    ],
)
def test_a_subscription_to_a_non_public_address_is_refused(client, token, servers, uri):
    server = servers()
    response = subscribe(client, token, uri.format(port=server.port))
    assert response.status_code == 400
    problem = response.json()
    assert problem["type"] == "https://uri.etsi.org/ngsi-ld/errors/BadRequestData"
    assert "not a public address" in problem["detail"]
    assert NgsiSubscription.objects.count() == 0
    assert server.hits == []


def test_a_host_that_does_not_resolve_yet_is_kept_and_checked_again_before_notifying(
    client, station, token, servers, monkeypatch, django_capture_on_commit_callbacks
):
    # The standard's own examples name endpoints (my.endpoint.org, tutorial:3000) that
    # need not resolve when subscribing; the address is checked at each notification.
    server = servers()
    answers = iter([OSError("no such name")])

    def resolve(host, port):
        answer = next(answers, ["127.0.0.1"])
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(notify_targets, "_resolve", resolve)
    assert subscribe(client, token, server.url("later.example")).status_code == 201
    ingest(django_capture_on_commit_callbacks, station, at(18))
    assert server.hits == []  # it resolved to the loopback by then: refused
    assert NgsiSubscription.objects.get().last_failure_at is not None


def test_a_host_that_does_not_resolve_is_not_notified(
    client, station, token, django_capture_on_commit_callbacks
):
    assert subscribe(client, token, "http://no-such-host.invalid/notify").status_code == 201
    ingest(django_capture_on_commit_callbacks, station, at(18))
    sub = NgsiSubscription.objects.get()
    assert sub.last_failure_at is not None
    assert sub.last_success_at is None


def test_an_address_the_city_allows_is_notified(
    client, station, token, servers, settings, django_capture_on_commit_callbacks
):
    settings.SMARTCITY_NOTIFY_ALLOWED_NETWORKS = LOOPBACK
    server = servers()
    assert subscribe(client, token, server.url()).status_code == 201
    ingest(django_capture_on_commit_callbacks, station, at(18))
    assert server.hits == [f"127.0.0.1:{server.port}"]


def test_an_address_no_longer_allowed_is_not_called_at_notification_time(
    client, station, token, servers, settings, django_capture_on_commit_callbacks
):
    settings.SMARTCITY_NOTIFY_ALLOWED_NETWORKS = LOOPBACK
    server = servers()
    assert subscribe(client, token, server.url()).status_code == 201
    settings.SMARTCITY_NOTIFY_ALLOWED_NETWORKS = ()
    ingest(django_capture_on_commit_callbacks, station, at(18))
    assert server.hits == []
    assert NgsiSubscription.objects.get().last_failure_at is not None


def test_a_name_that_rebinds_to_the_loopback_after_subscribing_is_not_called(
    client, station, token, servers, monkeypatch, django_capture_on_commit_callbacks
):
    # A DNS server controlled by the subscriber: a public answer when the platform
    # checks the subscription, the loopback afterwards.
    server = servers()
    answers = iter([["93.184.216.34"]])
    monkeypatch.setattr(notify_targets, "_resolve", lambda host, port: next(answers, ["127.0.0.1"]))
    assert subscribe(client, token, server.url("rebind.example")).status_code == 201
    ingest(django_capture_on_commit_callbacks, station, at(18))
    assert server.hits == []
    assert NgsiSubscription.objects.get().last_failure_at is not None


def test_the_connection_goes_to_the_address_that_was_checked(servers, settings, monkeypatch):
    # The name resolves once to the checked (allowed) loopback; a second lookup, as a
    # plain HTTP client would make when connecting, would answer elsewhere.
    settings.SMARTCITY_NOTIFY_ALLOWED_NETWORKS = LOOPBACK
    server = servers()
    answers = iter([["127.0.0.1"]])
    monkeypatch.setattr(notify_targets, "_resolve", lambda host, port: next(answers, ["10.9.9.9"]))
    status = notify_targets.endpoint_post(
        server.url("integrations.balti.md"), b"{}", {"Content-Type": "application/json"}, timeout=5
    )
    assert status == 204
    assert server.hits == [f"integrations.balti.md:{server.port}"]


def test_a_redirect_is_not_followed(
    client, station, token, servers, settings, django_capture_on_commit_callbacks
):
    settings.SMARTCITY_NOTIFY_ALLOWED_NETWORKS = LOOPBACK
    inside = servers()
    redirecting = servers(status=307, location=inside.url())
    assert subscribe(client, token, redirecting.url()).status_code == 201
    ingest(django_capture_on_commit_callbacks, station, at(18))
    assert len(redirecting.hits) == 1
    assert inside.hits == []
    sub = NgsiSubscription.objects.get()
    assert sub.last_failure_at is not None and sub.last_success_at is None
