"""The SensorThings endpoints: thin views over `documents`."""

from __future__ import annotations

import logging

import orjson
from django.core.exceptions import FieldError
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from smartcity.sensorthings.documents import answer, root_document
from smartcity.sensorthings.errors import StaError

log = logging.getLogger(__name__)
READ_ONLY = StaError(
    405, "This SensorThings service is read-only: devices report through the hub's ingest."
)


def _base(request: HttpRequest) -> str:
    # The address the client used (a host Django's ALLOWED_HOSTS accepted, the scheme as
    # the trusted proxy says), so every link works from where the client stands.
    return request.build_absolute_uri(reverse("sensorthings:root")).rstrip("/")


def _json(body: object) -> HttpResponse:
    return HttpResponse(orjson.dumps(body), content_type="application/json")


@csrf_exempt
def service(request: HttpRequest, path: str = "") -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        response = READ_ONLY.response()
        response["Allow"] = "GET, HEAD"
        return response
    base = _base(request)
    if not path.strip("/"):
        return _json(root_document(base))
    try:
        body = answer(path.strip("/"), request.GET.dict(), base)
    except StaError as error:
        return error.response()
    except (FieldError, DatabaseError, OverflowError, ValueError, TypeError) as error:
        # A filter the ORM or the database cannot evaluate (a year of a name, a text
        # added to a number on PostgreSQL, a number out of range): the query's fault.
        log.info("SensorThings query refused by the database: %s", error)
        message = f"the query cannot be evaluated: {str(error).splitlines()[0][:200]}"
        return StaError(400, message).response()
    if isinstance(body, str):
        return HttpResponse(body, content_type="text/plain; charset=utf-8")
    return _json(body)
