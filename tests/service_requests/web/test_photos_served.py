"""Report photos on the local disk are served without DEBUG, to whoever may see them."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from PIL import Image

from smartcity.service_requests import services
from smartcity.service_requests.models import ServiceCategory


def _photo() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), "navy").save(buffer, format="JPEG")
    buffer.seek(0)
    buffer.name = "photo.jpg"
    return buffer


@pytest.fixture
def reported(balti, settings):
    settings.DEBUG = False
    draft = services.RequestDraft(
        category=ServiceCategory.objects.get(code="street-light-out"),
        description="Nu arde felinarul de lângă bloc",
        latitude=47.7617,
        longitude=27.9289,
    )
    return services.request_submit(draft=draft, photos=[_photo()])


def _client_of(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_a_public_reports_photo_is_served_to_anyone_and_may_be_cached(reported, client):
    photo = reported.photos.get()
    response = client.get(photo.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    with photo.image.open() as stored:
        assert b"".join(response.streaming_content) == stored.read()
    assert "public" in response["Cache-Control"]


def test_a_hidden_reports_photo_is_for_the_staff_who_see_the_report(reported, client):
    photo = reported.photos.get()
    reported.is_hidden = True
    reported.save(update_fields=["is_hidden"])
    assert client.get(photo.image.url).status_code == 404
    assert _client_of("drumuri").get(photo.image.url).status_code == 404  # another department
    seen = _client_of("iluminat").get(photo.image.url)
    assert seen.status_code == 200
    assert "no-store" in seen["Cache-Control"]


def test_files_that_are_no_reports_photo_are_not_served(reported, client, settings):
    (settings.MEDIA_ROOT / "secret.txt").write_text("not for the public")
    assert client.get("/media/secret.txt").status_code == 404
    assert client.get("/media/../pyproject.toml").status_code == 404
    assert client.get("/media/requests/2026/01/none.jpg").status_code == 404


def test_behind_nginx_the_bytes_go_out_through_its_internal_location(reported, client, settings):
    settings.SMARTCITY_MEDIA_ACCEL_REDIRECT = "/internal-media/"
    photo = reported.photos.get()
    response = client.get(photo.image.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/internal-media/{photo.image.name}"
    assert response.content == b""
