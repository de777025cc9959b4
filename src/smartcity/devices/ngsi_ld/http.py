"""HTTP plumbing of the NGSI-LD API: media types, bodies, writers, answers."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

import orjson
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from smartcity.devices.ingest import token_hash
from smartcity.devices.models import Gateway
from smartcity.devices.ngsi_ld.context import (
    Context,
    context_of,
    context_value,
    link_context,
    link_header,
    own_context,
)
from smartcity.devices.ngsi_ld.errors import NgsiError, unauthorized

logger = logging.getLogger(__name__)

JSON = "application/json"
JSON_LD = "application/ld+json"
MERGE_PATCH = "application/merge-patch+json"
GEO_JSON = "application/geo+json"


def accepts_geojson(request: HttpRequest) -> bool:
    """Whether the client asks for GeoJSON before JSON and JSON-LD (entities only)."""
    accept = request.headers.get("Accept", "")
    kinds = [part.split(";")[0].strip() for part in accept.split(",")]
    if GEO_JSON not in kinds:
        return False
    others = [kinds.index(k) for k in (JSON, JSON_LD) if k in kinds]
    return not others or kinds.index(GEO_JSON) < min(others)


def geojson_answer(request: HttpRequest, data: object, headers: dict | None = None) -> HttpResponse:
    response = HttpResponse(orjson.dumps(data), content_type=GEO_JSON)
    response["Link"] = link_header(request_context(request))
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def _accepts_ld(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "*/*")
    kinds = [part.split(";")[0].strip() for part in accept.split(",")]
    if JSON_LD in kinds and (JSON not in kinds or kinds.index(JSON_LD) < kinds.index(JSON)):
        return True
    if not {JSON, "*/*", "application/*"} & set(kinds):
        raise NgsiError("NotAcceptable", "this API answers application/json or application/ld+json")
    return False


def request_context(request: HttpRequest) -> Context:
    """The @context the request's names are in: its Link header's, or the hub's own."""
    ctx = getattr(request, "ngsi_context", None)
    if ctx is None:
        url = link_context(request.headers.get("Link", ""))
        ctx = own_context() if url is None else context_of(url, host=request.get_host())
        request.ngsi_context = ctx  # type: ignore[attr-defined]
    return ctx


def item_context(request: HttpRequest, item: object) -> Context:
    """The context of one entity of a body: its own @context (JSON-LD), else the request's."""
    if isinstance(item, dict) and "@context" in item:
        return context_of(item["@context"], host=request.get_host())
    return request_context(request)


def answer(
    request: HttpRequest, data: object, status: int = 200, headers: dict | None = None
) -> HttpResponse:
    """JSON with a Link to the context, or JSON-LD with the context inside, as asked."""
    ctx = request_context(request)
    if _accepts_ld(request):
        inline = context_value(ctx)
        if isinstance(data, list):
            data = [dict(item, **{"@context": inline}) for item in data]
        elif isinstance(data, dict):
            data = dict(data, **{"@context": inline})
        response = HttpResponse(orjson.dumps(data), status=status, content_type=JSON_LD)
    else:
        response = HttpResponse(orjson.dumps(data), status=status, content_type=JSON)
        response["Link"] = link_header(ctx)
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def body_of(request: HttpRequest) -> object:
    kind = request.content_type or ""
    if kind == MERGE_PATCH and request.method == "PATCH":
        kind = JSON  # RFC 7396 merge patches are plain JSON objects (CIM 009 1.8, PATCH)
    if kind not in (JSON, JSON_LD):
        raise NgsiError("UnsupportedMediaType", "send application/json or application/ld+json")
    declared = request.headers.get("Content-Length", "0")
    if declared.isdigit() and int(declared) > settings.SMARTCITY_INGEST_MAX_BYTES:
        # Refused before reading: Django would raise RequestDataTooBig, an HTML 400.
        raise NgsiError("RequestEntityTooLarge", "the body is too large")
    try:
        raw = request.body
    except RequestDataTooBig:
        raise NgsiError("RequestEntityTooLarge", "the body is too large") from None
    if len(raw) > settings.SMARTCITY_INGEST_MAX_BYTES:
        raise NgsiError("RequestEntityTooLarge", "the body is too large")
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise NgsiError("InvalidRequest", f"the body is not JSON: {exc}") from None
    if kind == JSON_LD:
        items = body if isinstance(body, list) else [body]
        if any(isinstance(item, dict) and "@context" not in item for item in items):
            raise NgsiError("BadRequestData", "application/ld+json bodies must carry @context")
    elif _carries_context(body):
        raise NgsiError("BadRequestData", "an application/json body carries no @context")
    return body


def _carries_context(body: object) -> bool:
    items = body if isinstance(body, list) else [body]
    return any(isinstance(item, dict) and "@context" in item for item in items)


class Writer:
    """Who writes: a gateway (the devices behind it) or the city's own integration token
    (any device). Writes take bearer tokens only, never a browser session, so the API
    needs no CSRF protection."""

    def __init__(self, gateway: Gateway) -> None:
        # None: the writer may touch every device.
        self.gateway = None if gateway.writes_any_device else gateway


def writer_of(request: HttpRequest) -> Writer | None:
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    digest = token_hash(token.strip())
    gateway = Gateway.objects.filter(token_hash=digest, is_active=True).first()
    return Writer(gateway) if gateway else None


def ngsi_view(methods: tuple[str, ...], *, writes: tuple[str, ...] = ()) -> Callable:
    """Allowed methods, authentication of writes, and NgsiError as problem details."""

    def decorate(view: Callable) -> Callable:
        @csrf_exempt
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            if request.method not in methods:
                error = NgsiError("OperationNotSupported", f"{request.method} is not allowed here")
                response = error.response()
                response.status_code = 405
                response["Allow"] = ", ".join(methods)
                return response
            writer = None
            if request.method in writes:
                writer = writer_of(request)
                if writer is None:
                    return unauthorized("writing needs a gateway's bearer token")
            try:
                return view(request, *args, writer=writer, **kwargs)
            except NgsiError as error:
                return error.response()
            except Exception:
                # Even a fault answers in the standard's format, never the site's HTML page.
                logger.exception("NGSI-LD %s %s failed", request.method, request.path)
                return NgsiError("InternalError", "the request could not be carried out").response()

        return wrapped

    return decorate
