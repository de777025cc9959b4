"""POST endpoints: creating requests and mySociety's request updates."""

from __future__ import annotations

import jsonschema
import pytest
from defusedxml import ElementTree
from django.core import mail
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartcity.service_requests.models import RequestUpdate, ServiceRequest
from tests.factories import service_request_submit

from .conftest import API_KEY

BASE = "/open311/v2"
REPORT = {
    "api_key": API_KEY,
    "service_code": "pothole",
    "lat": "47.7617",
    "long": "27.9289",
    "description": "Groapă adâncă lângă Piața Independenței",
}


def test_the_schema_check_can_fail(open311_schema):
    with pytest.raises(jsonschema.ValidationError):
        open311_schema([{"status": "open"}], "requests.json")


def test_a_client_creates_a_request_and_finds_it(client, api_client):
    response = client.post(
        f"{BASE}/requests.json", {**REPORT, "email": "a@example.md", "attribute[size]": "large"}
    )
    assert response.status_code == 201
    created = response.json()[0]
    request = ServiceRequest.objects.get(tracking_code=created["service_request_id"])
    assert request.source == "open311" and request.api_client == api_client
    assert request.attributes == {"size": "large"}
    assert request.department.slug == "drumuri"
    token = client.get(f"{BASE}/tokens/{created['token']}.json").json()
    assert token[0]["service_request_id"] == request.tracking_code


def test_creating_in_xml(client, api_client):
    response = client.post(f"{BASE}/requests.xml", REPORT)
    xml = ElementTree.fromstring(response.content)
    assert response.status_code == 201
    assert xml.find("request/service_request_id").text.startswith("BL-")


def test_a_repeated_submission_returns_the_first_request(client, api_client):
    first = client.post(f"{BASE}/requests.json", REPORT).json()[0]
    again = client.post(f"{BASE}/requests.json", REPORT).json()[0]
    assert again["service_request_id"] == first["service_request_id"]
    assert ServiceRequest.objects.count() == 1


def test_multi_value_attributes_use_brackets(client, api_client):
    from smartcity.service_requests.models import CategoryAttribute

    attribute = CategoryAttribute.objects.get(code="container_type")
    attribute.datatype = "multivaluelist"
    attribute.save()
    response = client.post(
        f"{BASE}/requests.json",
        {
            **REPORT,
            "service_code": "container-overflow",
            "attribute[container_type][]": ["glass", "paper"],
        },
    )
    assert response.status_code == 201
    request = ServiceRequest.objects.get()
    assert request.attributes == {"container_type": ["glass", "paper"]}


@pytest.mark.parametrize(
    "change, status, words",
    [
        ({"api_key": ""}, 403, "api_key"),
        ({"api_key": "stolen"}, 403, "api_key"),
        ({"service_code": "teleport"}, 404, "service_code"),
        ({"service_code": ""}, 400, "service_code"),
        ({"lat": "", "long": ""}, 400, "lat"),
        ({"lat": "47.0105", "long": "28.8638"}, 400, "în afara municipiului"),
        ({"lat": "north"}, 400, "latitudine"),
        ({"description": ""}, 400, "description"),
        ({"email": "not-an-email"}, 400, "email"),
        ({"service_code": "container-overflow"}, 400, "container_type"),
    ],
)
def test_bad_submissions_are_refused_and_nothing_is_stored(
    client, api_client, change, status, words
):
    response = client.post(f"{BASE}/requests.json", {**REPORT, **change})
    assert response.status_code == status
    assert words in " ".join(e["description"] for e in response.json())
    assert ServiceRequest.objects.count() == 0


def test_updates_are_listed_for_a_window(client, balti):
    from django.contrib.auth.models import User

    from smartcity.service_requests import services

    request = service_request_submit()
    services.request_change_status(
        request=request,
        user=User.objects.get(username="iluminat"),
        status="in_progress",
        public_comment="Echipa e pe drum.",
    )
    body = client.get(f"{BASE}/servicerequestupdates.json").json()
    assert body[-1]["service_request_id"] == request.tracking_code
    assert body[-1]["status"] == "IN_PROGRESS"
    assert body[-1]["description"] == "Echipa e pe drum."
    assert body[-1]["updated_datetime"].endswith(("+02:00", "+03:00"))
    xml = ElementTree.fromstring(client.get(f"{BASE}/servicerequestupdates.xml").content)
    assert xml.find("request_update/status").text == "IN_PROGRESS"


def test_a_client_update_is_stored_once_per_update_id(
    client, api_client, django_capture_on_commit_callbacks
):
    request = service_request_submit(email="rezident@example.md")
    update = {
        "api_key": API_KEY,
        "update_id": "crm-77",
        "service_request_id": request.tracking_code,
        "status": "FIXED",
        "description": "Reparat.",
        "updated_datetime": "2026-11-28T10:00:00+02:00",
    }
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(f"{BASE}/servicerequestupdates.json", update)
        again = client.post(f"{BASE}/servicerequestupdates.json", update)
    assert first.status_code == again.status_code == 200
    assert (
        first.json()
        == again.json()
        == [{"update_id": "crm-77", "service_request_id": request.tracking_code}]
    )
    request.refresh_from_db()
    assert (request.status, request.closure_reason) == ("closed", "fixed")
    assert RequestUpdate.objects.filter(external_id="crm-77").count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "change, status",
    [
        ({"api_key": "nope"}, 403),
        ({"update_id": ""}, 400),
        ({"status": "TELEPORTED"}, 400),
        ({"service_request_id": "BL-0000-0000"}, 404),
        ({"updated_datetime": "soon"}, 400),
    ],
)
def test_bad_client_updates_are_refused(client, api_client, change, status):
    request = service_request_submit()
    update = {
        "api_key": API_KEY,
        "update_id": "u1",
        "service_request_id": request.tracking_code,
        "status": "OPEN",
        **change,
    }
    assert client.post(f"{BASE}/servicerequestupdates.json", update).status_code == status
    assert not RequestUpdate.objects.filter(external_id="u1").exists()


def test_a_real_client_session_from_discovery_to_updates(client, api_client):
    discovery = client.get(f"{BASE}/discovery.json").json()
    base = discovery["endpoints"][0]["url"].replace("http://testserver", "")
    services = client.get(f"{base}/services.json").json()
    lamp = next(s for s in services if s["service_code"] == "street-light-out")
    definition = client.get(f"{base}/services/{lamp['service_code']}.json").json()
    pole = definition["attributes"][0]["code"]
    created = client.post(
        f"{base}/requests.json",
        {
            "api_key": API_KEY,
            "service_code": lamp["service_code"],
            "lat": "47.7617",
            "long": "27.9289",
            "description": "Nu arde felinarul",
            f"attribute[{pole}]": "P-114",
        },
    ).json()[0]
    fetched = client.get(f"{base}/requests/{created['service_request_id']}.json").json()
    assert fetched[0]["service_code"] == "street-light-out"
    client.post(
        f"{base}/servicerequestupdates.json",
        {
            "api_key": API_KEY,
            "update_id": "x-1",
            "service_request_id": created["service_request_id"],
            "status": "IN_PROGRESS",
            "description": "Primit.",
        },
    )
    updates = client.get(f"{base}/servicerequestupdates.json").json()
    assert updates[-1]["description"] == "Primit."


PARAMETERS = [
    "service_request_id",
    "service_code",
    "start_date",
    "end_date",
    "status",
    "lat",
    "long",
    "radius",
    "bbox",
    "page",
    "page_size",
    "extensions",
    "updated_after",
    "jurisdiction_id",
]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.dictionaries(
        st.sampled_from(PARAMETERS),
        st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
        max_size=5,
    )
)
def test_no_query_string_makes_the_server_fail(client, balti, query):
    response = client.get(f"{BASE}/requests.json", query)
    assert response.status_code < 500
    assert isinstance(response.json(), list)


@pytest.mark.parametrize(
    "language, words", [("ro", "în afara municipiului"), ("ru", "за пределами"), ("en", "outside")]
)
def test_errors_are_in_the_language_the_client_asks_for(client, api_client, language, words):
    response = client.post(
        f"{BASE}/requests.json",
        {**REPORT, "lat": "47.0105", "long": "28.8638"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert words in response.json()[0]["description"]
