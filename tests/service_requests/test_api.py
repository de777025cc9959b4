from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import response_schema_conformance, status_code_conformance

from smartcity.service_requests import classifier, history
from tests.factories import service_request_submit


@pytest.fixture
def trained(balti):
    history.requests_generate(count=1500, seed=5)
    classifier.classifier_train(held_out=0)


def test_suggest_gives_the_top_categories_with_departments(client, trained):
    body = client.get(
        "/api/service-requests/suggest", {"text": "Не горит фонарь возле дома", "limit": 2}
    ).json()
    assert len(body["suggestions"]) == 2
    top = body["suggestions"][0]
    assert top["service_code"] == "street-light-out"
    assert top["department"] == "iluminat"
    assert 0 < top["confidence"] <= 1


def test_suggest_before_training_is_unavailable_with_a_reason(client, balti):
    response = client.get("/api/service-requests/suggest", {"text": "felinar"})
    assert response.status_code == 503
    assert "nu este încă antrenat" in response.json()["detail"]


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"text": ""},
        {"text": "x" * 4001},
        {"text": "felinar", "limit": 0},
        {"text": "a", "limit": "x"},
    ],
)
def test_suggest_refuses_bad_parameters(client, balti, query):
    response = client.get("/api/service-requests/suggest", query)
    assert response.status_code == 400
    assert response.json()["detail"]


def test_categories_list_their_departments_and_sla(client, balti):
    body = client.get("/api/service-requests/categories").json()
    pothole = next(c for c in body if c["service_code"] == "pothole")
    assert pothole["department"] == "drumuri" and pothole["sla_hours"] == 240


def test_a_request_is_public_without_contact_data(client, balti):
    request = service_request_submit(email="secret@example.md")
    body = client.get(f"/api/service-requests/{request.tracking_code}").json()
    assert body["tracking_code"] == request.tracking_code
    assert "secret@example.md" not in str(body)
    assert body["history"][0]["kind"] == "created"
    assert client.get("/api/service-requests/BL-0000-0000").status_code == 404


def test_a_request_not_yet_on_the_map_has_its_address_and_no_coordinates(client, balti):
    request = service_request_submit(
        category="pothole", latitude=None, longitude=None, to_be_placed=True, address="Curtea"
    )
    body = client.get(f"/api/service-requests/{request.tracking_code}").json()
    assert (body["address"], body["latitude"], body["longitude"]) == ("Curtea", None, None)
    assert body["district"] is None


def test_the_api_documentation_is_served(client, db):
    assert client.get("/api/docs").status_code == 200
    assert client.get("/api/openapi.json").json()["info"]["title"] == "Bălți Smart City API"


# Loading the OpenAPI document needs no database: only the generated calls do.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_no_api_call_makes_the_server_fail(case, trained, connection_kept):
    # The calls only read: one trained city serves all generated examples.
    response = case.call()
    assert response.status_code < 500, response.text
    # The status and the body are documented: generated clients decode nothing else. (A
    # schema-valid value may still be refused with a 400, e.g. an unknown theme.)
    case.validate_response(response, checks=[status_code_conformance, response_schema_conformance])
