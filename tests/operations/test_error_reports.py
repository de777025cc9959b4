"""Error reports to Sentry: sent when a DSN is set, without residents' data; nothing of
the SDK loaded without one."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.metadata import version

import pytest

from tests.operations.failing_urls import RESIDENT
from tests.operations.processes import ROOT, platform_env

pytestmark = [pytest.mark.real_time, pytest.mark.django_db(transaction=True)]

# A request to the failing view inside a platform process configured by its environment.
REQUEST_FAILING_VIEW = f"""
import django, sentry_sdk
django.setup()
from django.test import Client, override_settings
with override_settings(ROOT_URLCONF="tests.operations.failing_urls"):
    status = Client(raise_request_exception=False).get("/fail/", {{"email": "{RESIDENT}"}})
print(status.status_code)
sentry_sdk.flush(timeout=10)
"""


class SentryStandIn(BaseHTTPRequestHandler):
    """Sentry's envelope endpoint: keeps what it receives, answers 200."""

    received: list[tuple[str, bytes]] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        self.received.append((self.path, body))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def sentry():
    SentryStandIn.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), SentryStandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


def run(script: str, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=platform_env(DJANGO_SETTINGS_MODULE="smartcity.config.settings", **env),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def events(received: list[tuple[str, bytes]]) -> list[dict]:
    """The events of the envelopes received (an envelope: a header line, then an item
    header and its payload per item)."""
    found = []
    for _path, body in received:
        lines = body.split(b"\n")
        for header, payload in zip(lines[1::2], lines[2::2], strict=False):
            if json.loads(header).get("type") == "event":
                found.append(json.loads(payload))
    return found


def test_a_failing_view_sends_one_event_without_the_residents_email(sentry):
    dsn = f"http://key@127.0.0.1:{sentry.server_port}/1"
    assert run(REQUEST_FAILING_VIEW, SMARTCITY_SENTRY_DSN=dsn).strip() == "500"
    assert {path for path, _ in SentryStandIn.received} == {"/api/1/envelope/"}
    [event] = events(SentryStandIn.received)
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    assert event["environment"] == "development"
    assert event["release"] == version("smartcity")
    sent = json.dumps(event)
    assert RESIDENT not in sent and RESIDENT.replace("@", "%40") not in sent
    assert "hunter2" not in sent
    assert "<e-mail>" in event["exception"]["values"][-1]["value"]


def test_without_a_dsn_the_sdk_is_not_even_imported():
    script = "import sys, django; django.setup(); print('sentry_sdk' in sys.modules)"
    assert run(script, SMARTCITY_SENTRY_DSN="").strip() == "False"
