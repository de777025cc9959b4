"""The GeoReport documents: services, service definitions, requests, updates."""

from __future__ import annotations

import time

from django.core import signing
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import Q

from smartcity.config.site import absolute_url
from smartcity.service_requests.models import (
    ClosureReason,
    RequestPhoto,
    RequestUpdate,
    ServiceCategory,
    ServiceRequest,
    Status,
)
from smartcity.service_requests.open311.params import RequestQuery
from smartcity.service_requests.open311.wire import w3c_datetime
from smartcity.service_requests.selectors import within_radius

TOKEN_SALT = "open311-token"

# Our workflow in FixMyStreet's extended statuses (mySociety's Open311 update extension).
FMS_STATUS: dict[str, str] = {
    Status.OPEN: "OPEN",
    Status.ACKNOWLEDGED: "INVESTIGATING",
    Status.IN_PROGRESS: "IN_PROGRESS",
}
FMS_CLOSED: dict[str, str] = {
    ClosureReason.FIXED: "FIXED",
    ClosureReason.DUPLICATE: "DUPLICATE",
    ClosureReason.NOT_RESPONSIBLE: "NOT_COUNCILS_RESPONSIBILITY",
    ClosureReason.NO_FURTHER_ACTION: "NO_FURTHER_ACTION",
    ClosureReason.UNABLE_TO_FIX: "UNABLE_TO_FIX",
    ClosureReason.INTERNAL_REFERRAL: "INTERNAL_REFERRAL",
}


# How long one process reuses the version it read: polls within this second share one
# database round trip, and a change shows in the API at most this late.
VERSION_SECONDS = 1.0
_version_memo: dict[str, tuple[float, str]] = {}


def requests_version() -> str:
    """Changes whenever any request is reported, updated, hidden or shown.

    Every write to a request moves its `updated_at`; the newest one is an index lookup.
    Plain SQL because this runs on every poll of the API, where compiling the ORM query
    would cost more than running it.
    """
    now = time.monotonic()
    alias = connection.alias
    read_at, version = _version_memo.get(alias, (-VERSION_SECONDS, ""))
    if now - read_at < VERSION_SECONDS:
        return version
    table = ServiceRequest._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(updated_at) FROM {table}")  # noqa: S608 - no input
        (latest,) = cursor.fetchone()
    version = str(latest) if latest else "empty"
    _version_memo[alias] = (now, version)
    return version


def detailed_status(status: str, closure_reason: str) -> str:
    """Our status in the terms of mySociety's update extension (FIXED, IN_PROGRESS…)."""
    if status == Status.CLOSED:
        return FMS_CLOSED.get(closure_reason, "CLOSED")
    return FMS_STATUS.get(status, "OPEN")


def request_token(request_id: int) -> str:
    return signing.dumps(request_id, salt=TOKEN_SALT, compress=True)


def request_id_from_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=TOKEN_SALT))
    except (signing.BadSignature, ValueError, TypeError):
        return None


def media_url(name: str | None) -> str | None:
    if not name:
        return None
    url = default_storage.url(name)
    return url if url.startswith("http") else absolute_url(url)


def service_document(category: ServiceCategory, has_attributes: bool) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description or None,
        "metadata": has_attributes,
        "type": "realtime",
        "keywords": ", ".join(category.keywords.split()) or None,
        "group": category.group or None,
    }


def services_document() -> list[dict]:
    categories = ServiceCategory.objects.filter(is_active=True).prefetch_related("attributes")
    return [service_document(c, bool(c.attributes.all())) for c in categories]


def service_definition_document(category: ServiceCategory) -> dict:
    attributes = []
    for position, attribute in enumerate(
        category.attributes.prefetch_related("values").order_by("order", "id"), start=1
    ):
        entry = {
            "variable": attribute.variable,
            "code": attribute.code,
            "datatype": attribute.datatype,
            "required": attribute.required,
            "datatype_description": attribute.datatype_description or None,
            "order": position,
            "description": attribute.description,
        }
        if attribute.datatype in ("singlevaluelist", "multivaluelist"):
            entry["values"] = [{"key": v.key, "name": v.name} for v in attribute.values.all()]
        attributes.append(entry)
    return {"service_code": category.code, "attributes": attributes}


def _filtered(query: RequestQuery):  # noqa: ANN202 - a QuerySet
    conditions = {
        "tracking_code__in": query.ids or None,
        "category__code__in": query.service_codes or None,
        "requested_at__gte": query.start,
        "requested_at__lte": query.end,
        "updated_at__gte": query.updated_after,
        "updated_at__lte": query.updated_before,
    }
    requests = ServiceRequest.objects.public().filter(
        **{lookup: value for lookup, value in conditions.items() if value is not None}
    )
    if query.status == "open":
        requests = requests.exclude(status=Status.CLOSED)
    elif query.status == "closed":
        requests = requests.filter(status=Status.CLOSED)
    if query.bbox:
        min_lon, min_lat, max_lon, max_lat = query.bbox
        requests = requests.filter(
            latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon)
        )
    if query.point:
        requests = within_radius(requests, *query.point, query.radius_m)
    return requests


def requests_page(query: RequestQuery) -> list[dict]:
    """One page of requests, newest first, as rows of plain values (three queries).

    The latest public note and the first photo are read for the page's rows only, in
    their own queries: as subqueries of the page query, PostgreSQL would compute them for
    every matching request before sorting and cutting the page.
    """
    offset = (query.page - 1) * query.page_size
    rows = list(
        _filtered(query)
        .order_by("-requested_at", "-id")
        .values(
            "pk",
            "tracking_code",
            "status",
            "closure_reason",
            "description",
            "address",
            "latitude",
            "longitude",
            "requested_at",
            "updated_at",
            "due_at",
            "category_id",
            "department_id",
            "attributes",
        )[offset : offset + query.page_size]
    )
    ids = [row["pk"] for row in rows]
    notes = dict(
        RequestUpdate.objects.filter(request_id__in=ids)
        .exclude(public_comment="")
        .order_by("request_id", "created_at", "id")
        .values_list("request_id", "public_comment")
    )  # ordered so the latest note of each request is the one kept
    photos: dict[int, str] = {}
    for request_id, image in (
        RequestPhoto.objects.filter(request_id__in=ids)
        .order_by("-id")
        .values_list("request_id", "image")
    ):
        photos[request_id] = image  # descending ids: the first photo is kept last
    for row in rows:
        row["status_notes"] = notes.get(row["pk"])
        row["photo"] = photos.get(row["pk"])
    return rows


def _names():  # noqa: ANN202
    from smartcity.city.models import Department

    categories = {c.pk: c for c in ServiceCategory.objects.all()}
    departments = {d.pk: d.name for d in Department.objects.all()}
    return categories, departments


def requests_documents(rows: list[dict], *, extensions: bool) -> list[dict]:
    categories, departments = _names()
    notes = _notes(rows) if extensions else {}
    documents = []
    for row in rows:
        category = categories[row["category_id"]]
        closed = row["status"] == Status.CLOSED
        document = {
            "service_request_id": row["tracking_code"],
            "status": "closed" if closed else "open",
            "status_notes": row["status_notes"],
            "service_name": category.name,
            "service_code": category.code,
            "description": row["description"],
            "agency_responsible": departments.get(row["department_id"]),
            "service_notice": None,
            "requested_datetime": w3c_datetime(row["requested_at"]),
            "updated_datetime": w3c_datetime(row["updated_at"]),
            "expected_datetime": w3c_datetime(row["due_at"]),
            "address": row["address"] or None,
            "address_id": None,
            "zipcode": None,
            "lat": row["latitude"],
            "long": row["longitude"],
            "media_url": media_url(row["photo"]),
        }
        if row["latitude"] is None:
            # Reported by an address nobody could locate, not yet placed by staff: the
            # address alone, as GeoReport v2 allows.
            del document["lat"], document["long"]
        if extensions:
            document["extended_attributes"] = {
                "detailed_status": detailed_status(row["status"], row["closure_reason"]),
                "attributes": row["attributes"],
                "notes": notes.get(row["pk"], []),
            }
        documents.append(document)
    return documents


def _notes(rows: list[dict]) -> dict[int, list[dict]]:
    """The public history of each request: the GeoReport `extensions=true` notes."""
    history: dict[int, list[dict]] = {}
    updates = (
        RequestUpdate.objects.filter(request_id__in=[row["pk"] for row in rows])
        .exclude(kind=RequestUpdate.Kind.ASSIGNED)
        .order_by("created_at", "id")
        .values("request_id", "kind", "status", "closure_reason", "public_comment", "created_at")
    )
    for update in updates:
        history.setdefault(update["request_id"], []).append(
            {
                "type": update["kind"],
                "status": update["status"],
                "detailed_status": detailed_status(update["status"], update["closure_reason"]),
                "description": update["public_comment"] or None,
                "datetime": w3c_datetime(update["created_at"]),
            }
        )
    return history


def updates_documents(start, end) -> list[dict]:  # noqa: ANN001
    """Public status changes and comments of all requests in a time window (oldest first)."""
    updates = (
        RequestUpdate.objects.filter(
            created_at__gte=start, created_at__lte=end, request__is_hidden=False
        )
        .exclude(kind__in=[RequestUpdate.Kind.ASSIGNED, RequestUpdate.Kind.CREATED])
        .filter(Q(public_comment__gt="") | ~Q(kind=RequestUpdate.Kind.COMMENT))
        .order_by("created_at", "id")
        .values(
            "pk",
            "request__tracking_code",
            "status",
            "closure_reason",
            "public_comment",
            "created_at",
        )[:5000]
    )
    return [
        {
            "update_id": str(update["pk"]),
            "service_request_id": update["request__tracking_code"],
            "status": detailed_status(update["status"], update["closure_reason"]),
            "updated_datetime": w3c_datetime(update["created_at"]),
            "description": update["public_comment"] or None,
            "media_url": None,
        }
        for update in updates
    ]
