"""The OpenAPI document lists every error an operation can answer, with its body."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application

ERROR = "#/components/schemas/ErrorOut"
VALIDATION_ERROR = "#/components/schemas/ValidationErrorOut"

# What each operation refuses: 400 a bad value or combination its code checks, and for
# every operation a NUL character anywhere in the request (NullCharacterMiddleware);
# 404 an unknown object in its path; 422 a parameter that fails its schema; 503 a
# service not ready. The public API has no authentication: no 401 or 403.
ERRORS = {
    "/api/service-requests/suggest": {400, 422, 503},
    "/api/service-requests/categories": {400},
    "/api/service-requests/{tracking_code}": {400, 404},
    "/api/devices/": {400, 422},
    "/api/devices/states": {400, 422},
    "/api/devices/{ref}/history": {400, 404, 422},
    "/api/opendata/datasets": {400, 422},
    "/api/opendata/datasets/{slug}": {400, 404},
    "/api/opendata/datasets/{slug}/rows": {400, 404, 422},
    "/api/strategy/plans": {400, 422},
    "/api/strategy/plans/{code}": {400, 404},
    "/api/strategy/plans/{code}/indicators": {400, 404, 422},
    "/api/strategy/plans/{code}/indicators/{indicator}/values": {400, 404, 422},
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
            wanted = VALIDATION_ERROR if code == 422 else ERROR
            assert schema == {"$ref": wanted}, (method, path, code)
            assert answer["description"], (method, path, code)


def test_the_error_bodies_are_a_sentence_or_one_message_per_field(document):
    schemas = document["components"]["schemas"]
    assert schemas["ErrorOut"]["properties"]["detail"]["type"] == "string"
    per_field = schemas["ValidationErrorOut"]["properties"]["detail"]
    assert per_field["items"] == {"$ref": "#/components/schemas/FieldErrorOut"}
    assert set(schemas["FieldErrorOut"]["required"]) == {"field", "message"}


def test_an_operation_with_query_parameters_lists_422_and_one_with_a_path_404(document):
    # The rule the table follows, so a new operation cannot leave its errors out.
    for path, method, operation in _operations(document):
        places = {parameter["in"] for parameter in operation.get("parameters", [])}
        errors = _errors(operation)
        assert ("query" in places) == (422 in errors), (method, path)
        assert ("path" in places) == (404 in errors), (method, path)
        assert 400 in errors, (method, path)
        assert not {401, 403} & set(errors) or operation.get("security"), (method, path)


@pytest.mark.parametrize(
    ("path", "parameters", "query", "status"),
    [
        ("/api/opendata/datasets", {}, {"theme": "WEATHER"}, 400),
        ("/api/opendata/datasets/{slug}", {"slug": "no-such"}, {}, 404),
        ("/api/opendata/datasets/{slug}/rows", {"slug": "events"}, {"page": 0}, 422),
        ("/api/devices/{ref}/history", {"ref": "no-such"}, {"quantity": "x"}, 422),
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
