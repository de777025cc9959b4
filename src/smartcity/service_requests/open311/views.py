"""GeoReport v2 endpoints. Each view parses, calls the services, renders the wire format."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from smartcity.city.selectors import city_profile, street_search
from smartcity.config.site import absolute_url
from smartcity.service_requests import services
from smartcity.service_requests.models import (
    ClosureReason,
    Open311Client,
    ServiceCategory,
    ServiceRequest,
    Source,
    Status,
)
from smartcity.service_requests.open311 import documents, params, wire
from smartcity.service_requests.open311.errors import Open311Error

# Incoming statuses of mySociety's update extension, in our workflow.
STATUS_FROM_CLIENT = {
    "OPEN": (Status.OPEN, ""),
    "INVESTIGATING": (Status.ACKNOWLEDGED, ""),
    "ACTION_SCHEDULED": (Status.ACKNOWLEDGED, ""),
    "IN_PROGRESS": (Status.IN_PROGRESS, ""),
    "FIXED": (Status.CLOSED, ClosureReason.FIXED),
    "CLOSED": (Status.CLOSED, ClosureReason.NO_FURTHER_ACTION),
    "DUPLICATE": (Status.CLOSED, ClosureReason.DUPLICATE),
    "NOT_COUNCILS_RESPONSIBILITY": (Status.CLOSED, ClosureReason.NOT_RESPONSIBLE),
    "NO_FURTHER_ACTION": (Status.CLOSED, ClosureReason.NO_FURTHER_ACTION),
    "UNABLE_TO_FIX": (Status.CLOSED, ClosureReason.UNABLE_TO_FIX),
    "INTERNAL_REFERRAL": (Status.CLOSED, ClosureReason.INTERNAL_REFERRAL),
}


def endpoint(methods: tuple[str, ...]) -> Callable:
    """Common to all endpoints: allowed methods, jurisdiction, errors in GeoReport form."""

    def decorate(view: Callable) -> Callable:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, fmt: str, **kwargs: str) -> HttpResponse:
            try:
                if request.method not in methods:
                    raise Open311Error(
                        405,
                        _("Method %(method)s is not allowed here.") % {"method": request.method},
                    )
                _check_jurisdiction(request)
                response = view(request, fmt, **kwargs)
            except Open311Error as error:
                response = wire.errors(error.status, error.descriptions, fmt=fmt)
                if error.status == 405:
                    response["Allow"] = ", ".join(methods)
            if request.method == "GET":
                response["Access-Control-Allow-Origin"] = "*"
            return response

        return wrapper

    return decorate


def _check_jurisdiction(request: HttpRequest) -> None:
    given = request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id") or ""
    if given:
        profile = city_profile()
        if profile is None or given.strip() != profile.open311_jurisdiction_id:
            raise Open311Error(404, _("Unknown jurisdiction_id %(id)s.") % {"id": given[:100]})


def _client(request: HttpRequest) -> Open311Client:
    key = request.POST.get("api_key") or request.GET.get("api_key") or ""
    client = None
    if key:
        client = Open311Client.objects.filter(
            key_hash=Open311Client.hash_key(key), is_active=True
        ).first()
    if client is None:
        raise Open311Error(403, _("A valid api_key is required."))
    return client


def _validation_descriptions(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            f"{field}: {message}"
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return list(error.messages)


@endpoint(("GET",))
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    profile = city_profile()
    base = absolute_url(reverse("open311:services", args=["json"]))
    document = {
        "changeset": "2026-11-28T00:00:00+02:00",
        "contact": (f"{profile.name}, {profile.address}, {profile.info_phone}" if profile else ""),
        "key_service": (profile.email if profile else "") or "",
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base.rsplit("/", 1)[0],
                "changeset": "2026-11-28T00:00:00+02:00",
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }
        ],
    }
    return wire.response(document, fmt=fmt, xml_root="discovery")


@endpoint(("GET",))
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    return wire.response(documents.services_document(), fmt=fmt, xml_root="services")


@endpoint(("GET",))
def service_definition(request: HttpRequest, fmt: str, code: str) -> HttpResponse:
    category = ServiceCategory.objects.filter(code=code, is_active=True).first()
    if category is None:
        raise Open311Error(404, _("Unknown service_code %(code)s.") % {"code": code[:60]})
    return wire.response(
        documents.service_definition_document(category), fmt=fmt, xml_root="service_definition"
    )


@endpoint(("GET", "POST"))
def request_list(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _request_create(request, fmt)
    query = params.request_query(request.GET)
    # Clients poll this list: the rendered page is reused until any request changes.
    key = (
        "open311-requests:"
        + hashlib.sha256(
            "|".join(
                (documents.requests_version(), get_language(), fmt, request.GET.urlencode())
            ).encode()
        ).hexdigest()
    )
    page = caches["responses"].get(key)
    if page is None:
        rows = documents.requests_page(query)
        body = wire.response(
            documents.requests_documents(rows, extensions=query.extensions),
            fmt=fmt,
            xml_root="service_requests",
        ).content
        page = (body, len(rows) == query.page_size)
        caches["responses"].set(key, page)
    body, may_have_more = page
    response = wire.response_from_body(body, fmt=fmt)
    if may_have_more:
        # The paging extension: clients follow the Link header (RFC 8288) to the next page.
        following = request.GET.copy()
        following["page"] = str(query.page + 1)
        url = absolute_url(f"{request.path}?{following.urlencode()}")
        response["Link"] = f'<{url}>; rel="next"'
    return response


def _attributes(post) -> dict:  # noqa: ANN001 - a QueryDict
    attributes: dict = {}
    for key in post:
        if key.startswith("attribute[") and key.endswith("]"):
            name = key[len("attribute[") : -1]
            if name.endswith("]["):  # attribute[code][] for multi-value lists
                attributes[name[:-2]] = post.getlist(key)
            else:
                values = post.getlist(key)
                attributes[name] = values if len(values) > 1 else values[0]
    return attributes


def _request_create(request: HttpRequest, fmt: str) -> HttpResponse:
    client = _client(request)
    post = request.POST
    code = post.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, _("service_code is required."))
    category = ServiceCategory.objects.filter(code=code, is_active=True).first()
    if category is None:
        raise Open311Error(404, _("Unknown service_code %(code)s.") % {"code": code[:60]})
    latitude, longitude = _point(post)
    draft = services.RequestDraft(
        category=category,
        description=post.get("description", ""),
        latitude=latitude,
        longitude=longitude,
        address=post.get("address_string", ""),
        to_be_placed=latitude is None,
        attributes=_attributes(post),
        reporter=services.Reporter(
            email=_email(post.get("email", "")),
            first_name=post.get("first_name", ""),
            last_name=post.get("last_name", ""),
            phone=post.get("phone", ""),
            language=getattr(request, "LANGUAGE_CODE", "ro"),
            device_id=post.get("device_id", ""),
            account_id=post.get("account_id", ""),
        ),
        source=Source.OPEN311,
        api_client=client,
    )
    try:
        created = services.request_submit_once(draft=draft)
    except ValidationError as error:
        raise Open311Error(400, *_validation_descriptions(error)) from error
    document = [
        {
            "service_request_id": created.tracking_code,
            "token": documents.request_token(created.pk),
            "service_notice": None,
            "account_id": created.account_id or None,
        }
    ]
    return wire.response(document, fmt=fmt, xml_root="service_requests", status=201)


def _point(post) -> tuple[str | float, str | float] | tuple[None, None]:  # noqa: ANN001
    """The request's point: lat/long as given, else the street of address_string, else
    none (the address alone, for staff to place on the map).

    GeoReport v2 requires one of lat/long, address_string or address_id; an address is
    placed at its street's point in the city's gazetteer (approximate, as on the web form).
    """
    if post.get("lat") and post.get("long"):
        return post["lat"], post["long"]
    address = post.get("address_string", "").strip()
    if not address:
        raise Open311Error(400, _("lat and long, or address_string, are required."))
    streets = street_search(address, limit=1)
    if not streets:
        return None, None
    return streets[0].latitude, streets[0].longitude


def _email(raw: str) -> str:
    from django.core.validators import validate_email

    raw = raw.strip()
    if not raw:
        return ""
    try:
        validate_email(raw)
    except ValidationError as error:
        raise Open311Error(400, _("email is not a valid email address.")) from error
    return raw


@endpoint(("GET",))
def request_detail(request: HttpRequest, fmt: str, request_id: str) -> HttpResponse:
    query = params.RequestQuery(
        ids=[request_id.upper()], extensions=request.GET.get("extensions", "") in ("1", "true")
    )
    rows = documents.requests_page(query)
    if not rows:
        raise Open311Error(
            404, _("No service request has the id %(id)s.") % {"id": request_id[:40]}
        )
    # A one-element array, as the specification requires.
    return wire.response(
        documents.requests_documents(rows, extensions=query.extensions),
        fmt=fmt,
        xml_root="service_requests",
    )


@endpoint(("GET",))
def token_detail(request: HttpRequest, fmt: str, token: str) -> HttpResponse:
    request_id = documents.request_id_from_token(token)
    found = (
        ServiceRequest.objects.public()
        .filter(pk=request_id)
        .values_list("tracking_code", flat=True)
        .first()
        if request_id
        else None
    )
    if found is None:
        raise Open311Error(404, _("Unknown token."))
    return wire.response(
        [{"service_request_id": found, "token": token}], fmt=fmt, xml_root="service_requests"
    )


@endpoint(("GET", "POST"))
def request_updates(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _update_create(request, fmt)
    start, end = params.updates_window(request.GET)
    return wire.response(
        documents.updates_documents(start, end), fmt=fmt, xml_root="service_request_updates"
    )


def _update_create(request: HttpRequest, fmt: str) -> HttpResponse:
    client = _client(request)
    post = request.POST
    missing = [
        name
        for name in ("update_id", "service_request_id", "status")
        if not post.get(name, "").strip()
    ]
    if missing:
        raise Open311Error(400, *[_("%(name)s is required.") % {"name": n} for n in missing])
    target = (
        ServiceRequest.objects.public()
        .filter(tracking_code=post["service_request_id"].strip().upper())
        .first()
    )
    if target is None:
        raise Open311Error(
            404,
            _("No service request has the id %(id)s.") % {"id": post["service_request_id"][:40]},
        )
    status = STATUS_FROM_CLIENT.get(post["status"].strip().upper())
    if status is None:
        raise Open311Error(400, _("Unknown status %(status)s.") % {"status": post["status"][:40]})
    if post.get("updated_datetime"):
        params.w3c_parse("updated_datetime", post["updated_datetime"])
    try:
        update, _created = services.request_update_from_client(
            request=target,
            client=client,
            update_id=post["update_id"],
            status=status[0],
            closure_reason=status[1],
            comment=post.get("description", "")[:4000],
        )
    except ValidationError as error:
        raise Open311Error(400, *_validation_descriptions(error)) from error
    document = [{"update_id": update.external_id, "service_request_id": target.tracking_code}]
    return wire.response(document, fmt=fmt, xml_root="service_request_updates")


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return wire.errors(404, [_("No such Open311 endpoint or format.")], fmt="json")
