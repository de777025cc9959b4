"""GeoReport v2 lets a client give an address_string instead of lat and long."""

from __future__ import annotations

from django.core import mail

from smartcity.service_requests.models import ServiceRequest
from tests.factories import service_request_submit

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


UNKNOWN = "Curtea din spatele pieței centrale"


def test_an_address_nobody_can_locate_is_kept_without_a_location_for_staff(
    client, api_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{BASE}/requests.json",
            {**REPORT, "address_string": UNKNOWN, "email": "ana@example.md"},
        )
    assert response.status_code == 201, response.content
    code = response.json()[0]["service_request_id"]
    request = ServiceRequest.objects.get(tracking_code=code)
    assert (request.latitude, request.longitude, request.district) == (None, None, None)
    assert request.address == UNKNOWN
    assert request.department == request.category.department  # routed as usual
    assert [m.to for m in mail.outbox] == [["ana@example.md"]]
    assert code in mail.outbox[0].body


def test_the_same_unlocated_report_sent_twice_is_one_request(client, api_client):
    first = client.post(f"{BASE}/requests.json", {**REPORT, "address_string": UNKNOWN})
    again = client.post(f"{BASE}/requests.json", {**REPORT, "address_string": UNKNOWN})
    assert first.json()[0]["service_request_id"] == again.json()[0]["service_request_id"]
    assert ServiceRequest.objects.count() == 1


def test_a_request_without_a_location_is_read_back_with_its_address_and_no_lat_long(
    client, api_client, open311_schema
):
    created = client.post(f"{BASE}/requests.json", {**REPORT, "address_string": UNKNOWN})
    code = created.json()[0]["service_request_id"]
    (document,) = client.get(f"{BASE}/requests/{code}.json").json()
    assert document["address"] == UNKNOWN
    assert "lat" not in document and "long" not in document
    open311_schema([document], "requests.json")
    listed = client.get(f"{BASE}/requests.json", {"extensions": "true"}).json()
    assert [d["service_request_id"] for d in listed] == [code]
    assert "lat" not in listed[0]
    xml = client.get(f"{BASE}/requests/{code}.xml").content.decode()
    assert f"<address>{UNKNOWN}</address>" in xml and "<lat>" not in xml


def test_an_area_query_leaves_out_a_request_not_yet_on_the_map(client, api_client):
    service_request_submit(
        category="pothole", latitude=None, longitude=None, to_be_placed=True, address=UNKNOWN
    )
    near = client.get(f"{BASE}/requests.json", {"lat": 47.7617, "long": 27.9289, "radius": 5000})
    assert near.json() == []
    boxed = client.get(f"{BASE}/requests.json", {"bbox": "27.8,47.7,28.0,47.8"})
    assert boxed.json() == []
