"""Behind the city's reverse proxy each resident keeps their own address, and nobody
else can choose theirs with a forged X-Forwarded-For."""

from __future__ import annotations

import ipaddress
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache

from smartcity.service_requests.models import ServiceCategory
from smartcity.web.proxies import client_address

ROOT = Path(__file__).resolve().parents[2]
PROXY = "10.0.0.2"
NETWORKS = (ipaddress.ip_network("10.0.0.0/24"), ipaddress.ip_network("::1"))


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db, settings):
    settings.SMARTCITY_TRUSTED_PROXIES = NETWORKS
    settings.SMARTCITY_REPORTS_PER_HOUR = 3
    cache.clear()
    yield
    cache.clear()


def _report(client, submission: str, **meta):
    data = {
        "category": ServiceCategory.objects.get(code="pothole").pk,
        "latitude": "47.7617",
        "longitude": "27.9289",
        "address": "str. Ștefan cel Mare 12",
        "description": "Groapă mare în carosabil",
        "submission": submission,
    }
    return client.post("/requests/new/", data, **meta).status_code


def test_five_residents_behind_the_proxy_each_have_their_own_quota(client, balti):
    statuses = [
        _report(client, f"s{n}", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        for n in range(1, 6)
    ]
    assert statuses == [302] * 5


def test_a_resident_over_the_limit_does_not_block_another_behind_the_proxy(client, balti):
    first = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    assert [_report(client, f"a{n}", **first) for n in range(4)] == [302, 302, 302, 429]
    second = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.9"}
    assert _report(client, "b0", **second) == 302


def test_a_forged_forwarded_for_from_outside_keeps_the_senders_own_address(client, balti):
    statuses = [
        _report(
            client,
            f"f{n}",
            REMOTE_ADDR="198.51.100.20",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
        for n in range(4)
    ]
    assert statuses == [302, 302, 302, 429]


def test_a_forged_hop_left_of_the_proxy_chain_is_not_believed(client, balti):
    # The resident wrote "203.0.113.50" themselves; nginx appended their real address.
    meta = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.50, 198.51.100.3"}
    assert [_report(client, f"g{n}", **meta) for n in range(3)] == [302] * 3
    forged_again = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.51, 198.51.100.3"}
    assert _report(client, "g3", **forged_again) == 429


def test_a_client_cannot_claim_https_without_a_trusted_proxy(client, balti, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    direct = client.get("/", REMOTE_ADDR="198.51.100.20", HTTP_X_FORWARDED_PROTO="https")
    assert direct.status_code == 301  # not believed: sent on to https
    proxied = client.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https")
    assert proxied.status_code == 200


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("10.0.0.2", "203.0.113.7", "203.0.113.7"),
        ("10.0.0.2", "203.0.113.7, 10.0.0.3", "203.0.113.7"),  # two proxies in a row
        ("10.0.0.2", "10.0.0.9, 10.0.0.3", "10.0.0.9"),  # only proxies: the left-most
        ("10.0.0.2", "", "10.0.0.2"),
        ("10.0.0.2", "unknown", "10.0.0.2"),
        ("10.0.0.2", "[2001:db8::5]:4711", "2001:db8::5"),
        ("10.0.0.2", "203.0.113.7:4711", "203.0.113.7"),
        ("::1", "2001:db8::5", "2001:db8::5"),
        ("192.0.2.1", "203.0.113.7", "192.0.2.1"),  # not a trusted proxy
    ],
)
def test_the_client_is_the_right_most_hop_that_is_not_a_trusted_proxy(peer, forwarded, client):
    assert client_address(peer, forwarded, NETWORKS) == client


def test_a_bad_trusted_proxy_stops_the_platform_at_start(tmp_path):
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "SMARTCITY_DATA_DIR": str(tmp_path),
        "SMARTCITY_TRUSTED_PROXIES": "10.0.0.0/24, nginx.local",
    }
    done = subprocess.run(
        [sys.executable, "-m", "smartcity", "check"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "SMARTCITY_TRUSTED_PROXIES" in done.stderr
    assert "'nginx.local'" in done.stderr
