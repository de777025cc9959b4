from __future__ import annotations

import json
from pathlib import Path

import pytest
from referencing import Registry, Resource

from smartcity.service_requests import services

# Written from the GeoReport v2 specification and kept with the tests (see its README).
SCHEMAS = Path(__file__).resolve().parent / "schemas"
API_KEY = "test-open311-key"


@pytest.fixture(scope="session")
def open311_schema():
    """validate(document, name): checks a document against one of the GeoReport schemas."""
    import jsonschema

    registry = Registry()
    for path in SCHEMAS.glob("*.json"):
        registry = registry.with_resource(
            path.name,
            Resource.from_contents(json.loads(path.read_text()), default_specification=_draft()),
        )

    def validate(document, name: str) -> None:
        schema = registry.contents(name)
        jsonschema.Draft4Validator(schema, registry=registry).validate(document)

    return validate


def _draft():
    from referencing.jsonschema import DRAFT4

    return DRAFT4


@pytest.fixture
def api_client(balti):
    client, _key = services.open311_client_set_key(name="Test integrator", key=API_KEY)
    return client
