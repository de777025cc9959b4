"""GeoReport v2 wire format: the documents, and their JSON and XML renderings.

Documents are plain lists/dicts built from the models here, never from the models'
fields wholesale, so the API stays the standard's even when the models change.
"""

from __future__ import annotations

import datetime
import json
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpResponse
from django.utils import timezone

JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"

# A GeoReport document: a list (of services, requests, errors…) or one object, of JSON values.
Document = list[Any] | dict[str, Any]


def w3c_datetime(value: datetime.datetime | None) -> str | None:
    """ISO 8601 with the city's UTC offset, as the specification's examples show."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def _xml_value(parent: ET.Element, key: str, value: object, item_tag: str) -> None:
    element = ET.SubElement(parent, key)
    if isinstance(value, dict):
        for child_key, child_value in value.items():
            _xml_value(element, child_key, child_value, item_tag)
    elif isinstance(value, list):
        for item in value:
            _xml_value(element, item_tag, item, item_tag)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)


# Child element names of XML lists, by the list's own name (GeoReport's examples).
XML_ITEMS = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
    "service_request_updates": "request_update",
    "notes": "note",
    "extended_attributes": "attribute",
}


def _xml_document(root: str, document: Document) -> bytes:
    element = ET.Element(root)
    if isinstance(document, list):
        item_tag = XML_ITEMS.get(root, "item")
        for item in document:
            _xml_item(element, item_tag, item)
    else:
        for key, value in document.items():
            _xml_item(element, key, value)
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)


def _xml_item(parent: ET.Element, tag: str, value: object) -> None:
    if isinstance(value, list):
        element = ET.SubElement(parent, tag)
        for item in value:
            _xml_item(element, XML_ITEMS.get(tag, "item"), item)
    elif isinstance(value, dict):
        element = ET.SubElement(parent, tag)
        for key, child in value.items():
            _xml_item(element, key, child)
    else:
        _xml_value(parent, tag, value, "item")


def response(document: Document, *, fmt: str, xml_root: str, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(_xml_document(xml_root, document), content_type=XML_TYPE, status=status)
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(body, content_type=JSON_TYPE, status=status)


def response_from_body(body: bytes, *, fmt: str) -> HttpResponse:
    return HttpResponse(body, content_type=XML_TYPE if fmt == "xml" else JSON_TYPE)


def errors(status: int, descriptions: list[str], *, fmt: str) -> HttpResponse:
    document = [{"code": status, "description": text} for text in descriptions]
    return response(document, fmt=fmt, xml_root="errors", status=status)
