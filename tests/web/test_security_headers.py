"""Every page carries a strict Content-Security-Policy; production asks browsers to keep
to https."""

from __future__ import annotations

from pathlib import Path

import pytest

from smartcity.config import csp
from smartcity.config.env import MediaStorage

LOCAL = MediaStorage(
    backend="local",
    root=Path("/tmp"),
    s3_bucket="",
    s3_endpoint_url="",
    s3_region="",
    s3_access_key_id="",
    s3_secret_access_key="",
    s3_url_seconds=3600,
)


def _directives(header: str) -> dict[str, list[str]]:
    parts = (d.strip().split() for d in header.split(";") if d.strip())
    return {p[0]: p[1:] for p in parts}


@pytest.mark.parametrize("path", ["/", "/requests/new/", "/accounts/login/", "/admin/login/"])
def test_every_page_forbids_inline_scripts(client, balti, path):
    response = client.get(path)
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_images_come_from_the_platform_and_the_configured_tile_server_only():
    found = csp.policy(map_tile_url="https://tiles.balti.md/osm/{z}/{x}/{y}.png", media=LOCAL)
    assert found["DIRECTIVES"]["img-src"] == ["'self'", "data:", "https://tiles.balti.md"]
    subdomains = csp.policy(
        map_tile_url="https://{s}.tile.example.org/{z}/{x}/{y}.png", media=LOCAL
    )
    assert "https://*.tile.example.org" in subdomains["DIRECTIVES"]["img-src"]
    own = csp.policy(map_tile_url="/tiles/{z}/{x}/{y}.png", media=LOCAL)
    assert own["DIRECTIVES"]["img-src"] == ["'self'", "data:"]


def test_photos_on_s3_may_be_shown_from_the_bucket():
    bucket = MediaStorage(
        **{
            **LOCAL.__dict__,
            "backend": "s3",
            "s3_bucket": "foto",
            "s3_endpoint_url": "https://s3.balti.md:9000",
        }
    )
    found = csp.policy(map_tile_url="https://tile.openstreetmap.org/{z}/{x}/{y}.png", media=bucket)
    assert "https://s3.balti.md:9000" in found["DIRECTIVES"]["img-src"]


def test_hsts_is_sent_over_https_when_set(client, balti, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
