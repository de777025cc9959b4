"""The OpenAPI document lists every error an operation can answer, with its body."""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application

ERROR = "#/components/schemas/ErrorOut"
BAD_REQUEST = "#/components/schemas/BadRequestOut"
VALIDATION_ERROR = "#/components/schemas/ValidationErrorOut"

# What each operation refuses: 400 a query or path parameter that fails its schema, a
# bad value or combination its code checks, and for every operation a NUL character
# anywhere in the request (NullCharacterMiddleware); 404 an unknown object in its path;
# 422 only a request body that fails its schema (no public operation takes one); 503 a
# service not ready. The public API has no authentication: no 401 or 403.
ERRORS = {
    "/api/service-requests/suggest": {400, 503},
    "/api/service-requests/categories": {400},
    "/api/service-requests/{tracking_code}": {400, 404},
    "/api/devices/": {400},
    "/api/devices/states": {400},
    "/api/devices/{ref}/history": {400, 404},
    "/api/opendata/datasets": {400},
    "/api/opendata/datasets/{slug}": {400, 404},
    "/api/opendata/datasets/{slug}/rows": {400, 404},
    "/api/strategy/plans": {400},
    "/api/strategy/plans/{code}": {400, 404},
    "/api/strategy/plans/{code}/indicators": {400, 404},
    "/api/strategy/plans/{code}/indicators/{indicator}/values": {400, 404},
    "/api/transit/stops/{stop_id}/arrivals": {400, 404},
}


@pytest.fixture(scope="module")
def document() -> dict:
    from django.test import Client

    return Client().get("/api/openapi.json").json()


def _operations(document: dict):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def _errors(operation: dict) -> dict[int, dict]:
    return {int(code): answer for code, answer in operation["responses"].items() if code >= "4"}


def test_every_operation_lists_the_errors_it_can_answer(document):
    listed = {path: set(_errors(operation)) for path, _, operation in _operations(document)}
    assert listed == ERRORS


def test_each_error_answer_has_the_error_body_of_its_kind(document):
    for path, method, operation in _operations(document):
        for code, answer in _errors(operation).items():
            schema = answer["content"]["application/json"]["schema"]
            wanted = {400: BAD_REQUEST, 422: VALIDATION_ERROR}.get(code, ERROR)
            assert schema == {"$ref": wanted}, (method, path, code)
            assert answer["description"], (method, path, code)


def test_the_error_bodies_are_a_sentence_and_for_400_the_parameters_refused(document):
    schemas = document["components"]["schemas"]
    assert schemas["ErrorOut"]["properties"]["detail"]["type"] == "string"
    assert set(schemas["FieldErrorOut"]["required"]) == {"field", "message"}
    bad_request = schemas["BadRequestOut"]["properties"]
    assert bad_request["detail"]["type"] == "string"
    assert bad_request["fields"]["items"] == {"$ref": "#/components/schemas/FieldErrorOut"}


def test_only_an_operation_with_a_body_lists_422_and_one_with_a_path_404(document):
    # The rule the table follows, so a new operation cannot leave its errors out.
    for path, method, operation in _operations(document):
        places = {parameter["in"] for parameter in operation.get("parameters", [])}
        errors = _errors(operation)
        assert ("requestBody" in operation) == (422 in errors), (method, path)
        assert ("path" in places) == (404 in errors), (method, path)
        assert 400 in errors, (method, path)
        assert not {401, 403} & set(errors) or operation.get("security"), (method, path)


@pytest.mark.parametrize(
    ("path", "parameters", "query", "status"),
    [
        ("/api/opendata/datasets", {}, {"theme": "WEATHER"}, 400),
        ("/api/opendata/datasets/{slug}", {"slug": "no-such"}, {}, 404),
        ("/api/opendata/datasets/{slug}/rows", {"slug": "events"}, {"page": 0}, 400),
        ("/api/devices/{ref}/history", {"ref": "no-such"}, {"quantity": "x"}, 400),
        ("/api/strategy/plans/{code}", {"code": "no-such"}, {}, 404),
        ("/api/service-requests/categories", {}, {"x": "\x00"}, 400),
    ],
)
def test_the_error_bodies_answered_match_the_document(
    db, connection_kept, path, parameters, query, status
):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    case = schema[path]["GET"].Case(path_parameters=parameters, query=query)
    response = case.call()
    assert response.status_code == status
    case.validate_response(response)  # raises when the status or body is not documented


@pytest.mark.parametrize(
    "query",
    [{"page": "abc"}, {"page": "-1"}, {"page_size": "0"}, {"page": "9" * 40}],
)
def test_a_bad_query_parameter_answers_400_naming_it(client, db, query):
    refused = client.get("/api/opendata/datasets/events/rows", query)
    assert refused.status_code == 400
    body = refused.json()
    (name,) = query
    assert [f["field"] for f in body["fields"]] == [name]
    assert name in body["detail"]


def test_a_refused_request_body_still_answers_422_per_field(rf):
    from ninja.errors import ValidationError

    from smartcity.config.api import validation_error

    error = ValidationError([{"loc": ("body", "payload", "text"), "msg": "Field required"}])
    response = validation_error(rf.get("/api/"), error)
    assert response.status_code == 422
    assert json.loads(response.content) == {
        "detail": [{"field": "payload.text", "message": "Field required"}]
    }


def test_a_body_and_a_query_parameter_refused_together_answer_400(rf):
    from ninja.errors import ValidationError

    from smartcity.config.api import validation_error

    error = ValidationError(
        [
            {"loc": ("query", "page"), "msg": "bad"},
            {"loc": ("body", "payload", "text"), "msg": "Field required"},
        ]
    )
    response = validation_error(rf.get("/api/"), error)
    assert response.status_code == 400
    assert [f["field"] for f in json.loads(response.content)["fields"]] == [
        "page",
        "payload.text",
    ]
