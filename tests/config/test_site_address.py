"""Every absolute link the platform gives out starts at SMARTCITY_SITE_URL, whatever
host and port the request came in by."""

from __future__ import annotations

from django.core import mail

from smartcity.devices import services as device_services
from tests.factories import service_request_submit

SITE = "https://oras.example.md:8443"


def test_the_confirmation_e_mail_links_to_the_configured_site(
    balti, settings, django_capture_on_commit_callbacks
):
    settings.SMARTCITY_SITE_URL = SITE
    with django_capture_on_commit_callbacks(execute=True):
        request = service_request_submit(email="rezident@example.md")
    assert f"{SITE}/requests/{request.tracking_code}/" in mail.outbox[0].body
    assert "127.0.0.1:8000" not in mail.outbox[0].body


def test_the_ngsi_ld_context_link_is_on_the_configured_site(client, balti, settings):
    settings.SMARTCITY_SITE_URL = SITE
    device_services.device_register(
        ref="SL-1", device_type="StreetLight", latitude=47.76, longitude=27.93
    )
    response = client.get(
        "/ngsi-ld/v1/entities", {"type": "StreetLight"}, HTTP_ACCEPT="application/json"
    )
    assert response["Link"].startswith(f"<{SITE}/ngsi-ld/v1/context.jsonld>;")
    in_body = client.get(
        "/ngsi-ld/v1/entities", {"type": "StreetLight"}, HTTP_ACCEPT="application/ld+json"
    )
    assert in_body.json()[0]["@context"][0] == f"{SITE}/ngsi-ld/v1/context.jsonld"


def test_open_data_paging_links_ignore_the_host_the_request_came_by(client, db, settings):
    settings.SMARTCITY_SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["internal.proxy"]
    page = client.get("/api/opendata/datasets?page_size=1", HTTP_HOST="internal.proxy").json()
    assert page["next"].startswith(f"{SITE}/api/opendata/datasets?")
    assert page["results"][0]["url"].startswith(f"{SITE}/")


def test_open311_discovery_and_the_feeds_link_to_the_configured_site(client, balti, settings):
    settings.SMARTCITY_SITE_URL = SITE
    discovery = client.get("/open311/v2/discovery.json").json()
    assert discovery["endpoints"][0]["url"] == f"{SITE}/open311/v2"
    service_request_submit()
    feed = client.get("/requests/feeds/area.atom", {"lat": 47.76, "long": 27.93}).content
    assert f'href="{SITE}/requests/'.encode() in feed
    assert b"http://testserver" not in feed
