"""The JSON shapes of OGC 18-088 v1.1's entities (§ 8.2, its tables of properties and
navigation properties), as JSON Schemas the responses are checked against."""

from __future__ import annotations

import jsonschema

LINK = {"type": "string", "pattern": "^https?://"}
TEXT = {"type": "string"}
OBJECT = {"type": "object"}
POINT = {
    "type": "object",
    "required": ["type", "coordinates"],
    "properties": {
        "type": {"const": "Point"},
        "coordinates": {"type": "array", "items": {"type": "number"}, "minItems": 2},
    },
}
UNIT = {
    "type": "object",
    "required": ["name", "symbol", "definition"],
    "properties": {
        "name": {"type": ["string", "null"]},
        "symbol": {"type": ["string", "null"]},
        "definition": {"type": ["string", "null"]},
    },
}
TIME = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$"}
INTERVAL = {"type": "string", "pattern": r"^\S+Z/\S+Z$"}

# Each entity type: its mandatory properties, and its navigation properties.
ENTITIES: dict[str, tuple[dict[str, dict], list[str]]] = {
    "Thing": (
        {"name": TEXT, "description": TEXT, "properties": OBJECT},
        ["Locations", "HistoricalLocations", "Datastreams"],
    ),
    "Location": (
        {"name": TEXT, "description": TEXT, "encodingType": TEXT, "location": POINT},
        ["Things", "HistoricalLocations"],
    ),
    "HistoricalLocation": ({"time": TIME}, ["Thing", "Locations"]),
    "Sensor": (
        {"name": TEXT, "description": TEXT, "encodingType": TEXT, "metadata": TEXT},
        ["Datastreams"],
    ),
    "ObservedProperty": (
        {"name": TEXT, "definition": TEXT, "description": TEXT},
        ["Datastreams"],
    ),
    "Datastream": (
        {
            "name": TEXT,
            "description": TEXT,
            "unitOfMeasurement": UNIT,
            "observationType": {"type": "string", "pattern": "^http://www.opengis.net/def/"},
            "phenomenonTime": INTERVAL,
            "observedArea": POINT,
        },
        ["Thing", "Sensor", "ObservedProperty", "Observations"],
    ),
    "Observation": (
        {
            "phenomenonTime": TIME,
            "resultTime": {"anyOf": [TIME, {"type": "null"}]},
            "result": {"type": ["number", "string", "boolean", "object", "array", "null"]},
        },
        ["Datastream", "FeatureOfInterest"],
    ),
    "FeatureOfInterest": (
        {"name": TEXT, "description": TEXT, "encodingType": TEXT, "feature": POINT},
        ["Observations"],
    ),
}


def schema(entity: str) -> dict:
    properties, navigation = ENTITIES[entity]
    required = ["@iot.id", "@iot.selfLink", *properties]
    required += [f"{name}@iot.navigationLink" for name in navigation]
    return {
        "type": "object",
        "required": required,
        "properties": {
            "@iot.id": {"type": ["integer", "string"]},
            "@iot.selfLink": LINK,
            **properties,
            **{f"{name}@iot.navigationLink": LINK for name in navigation},
        },
    }


def collection_schema(entity: str) -> dict:
    return {
        "type": "object",
        "required": ["value"],
        "properties": {
            "value": {"type": "array", "items": schema(entity)},
            "@iot.count": {"type": "integer", "minimum": 0},
            "@iot.nextLink": LINK,
        },
    }


def check_entity(entity: str, body: dict) -> None:
    jsonschema.validate(body, schema(entity))


def check_collection(entity: str, body: dict) -> None:
    jsonschema.validate(body, collection_schema(entity))
