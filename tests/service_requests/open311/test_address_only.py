"""GeoReport v2 lets a client give an address_string instead of lat and long."""

from __future__ import annotations

from django.core import mail

from smartcity.service_requests.models import ServiceRequest

from .conftest import API_KEY

BASE = "/open311/v2"
REPORT = {
    "api_key": API_KEY,
    "service_code": "pothole",
    "description": "Groapă adâncă în carosabil",
}


def test_an_address_the_gazetteer_knows_places_the_request_at_its_street(client, api_client):
    response = client.post(f"{BASE}/requests.json", {**REPORT, "address_string": "str. Decebal 12"})
    assert response.status_code == 201, response.content
    request = ServiceRequest.objects.get(tracking_code=response.json()[0]["service_request_id"])
    assert (request.latitude, request.longitude) == (47.7560, 27.9230)
    assert request.address == "str. Decebal 12"


def test_a_request_with_neither_location_nor_address_is_refused_in_open311_form(client, api_client):
    response = client.post(f"{BASE}/requests.json", REPORT)
    assert response.status_code == 400
    errors = response.json()
    assert errors[0]["code"] == 400 and "address_string" in errors[0]["description"]
    assert not ServiceRequest.objects.exists()


def test_the_reporter_gets_one_confirmation_at_submission(
    client, api_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{BASE}/requests.json",
            {**REPORT, "address_string": "str. Decebal 12", "email": "ana@example.md"},
        )
    assert response.status_code == 201
    code = response.json()[0]["service_request_id"]
    assert [m.to for m in mail.outbox] == [["ana@example.md"]]
    assert code in mail.outbox[0].body


def test_the_confirmation_is_in_the_language_the_client_asked_for(
    client, api_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{BASE}/requests.json",
            {**REPORT, "address_string": "str. Decebal 12", "email": "ana@example.md"},
            HTTP_ACCEPT_LANGUAGE="ru",
        )
    request = ServiceRequest.objects.get(tracking_code=response.json()[0]["service_request_id"])
    assert request.language == "ru"
    assert "получено" in mail.outbox[0].body
