"""Public JSON API of service requests (read-only; reports are posted through Open311)."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from smartcity.config.api_errors import error_responses
from smartcity.service_requests import classifier, selectors
from smartcity.service_requests.models import ServiceCategory

router = Router(tags=["service requests"])


class SuggestQuery(Schema):
    text: str = Field(..., min_length=1, max_length=4000, description="the report's text")
    limit: int = Field(3, ge=1, le=10)


class SuggestionOut(Schema):
    service_code: str
    category_name: str
    department: str
    department_name: str
    confidence: float


class SuggestionsOut(Schema):
    suggestions: list[SuggestionOut]


class CategoryOut(Schema):
    service_code: str
    name: str
    group: str
    department: str
    department_name: str
    sla_hours: int


class HistoryEntryOut(Schema):
    kind: str
    status: str
    comment: str
    at: datetime.datetime


class RequestOut(Schema):
    tracking_code: str
    service_code: str
    category_name: str
    status: str
    closure_reason: str
    description: str
    address: str
    district: str | None
    latitude: float | None = Field(description="empty until staff place it on the map")
    longitude: float | None = Field(description="empty until staff place it on the map")
    department_name: str
    requested_at: datetime.datetime
    updated_at: datetime.datetime
    history: list[HistoryEntryOut]


@router.get(
    "/suggest",
    response={200: SuggestionsOut, **error_responses(400, 503)},
    summary="Suggest categories for a report's text",
)
def suggest(request: HttpRequest, query: Query[SuggestQuery]):  # noqa: ANN201
    """The most likely categories, with their departments and confidences (0–1)."""
    if classifier.trained_at() is None:
        raise HttpError(503, _("The category suggestions are not trained yet."))
    suggestions = classifier.category_suggestions(query.text, limit=query.limit)
    return {
        "suggestions": [
            {
                "service_code": s.category.code,
                "category_name": s.category.name,
                "department": s.department.slug,
                "department_name": s.department.name,
                "confidence": s.confidence,
            }
            for s in suggestions
        ]
    }


@router.get(
    "/categories",
    response={200: list[CategoryOut], **error_responses(400)},
    summary="Report categories",
)
def categories(request: HttpRequest):  # noqa: ANN201
    return [
        {
            "service_code": c.code,
            "name": c.name,
            "group": c.group,
            "department": c.department.slug,
            "department_name": c.department.name,
            "sla_hours": c.sla_hours,
        }
        for c in ServiceCategory.objects.filter(is_active=True).select_related("department")
    ]


@router.get(
    "/{tracking_code}",
    response={200: RequestOut, **error_responses(400, 404)},
    summary="One report, as the public sees it",
)
def request_detail(request: HttpRequest, tracking_code: str):  # noqa: ANN201
    found = selectors.public_request_by_code(tracking_code[:40])
    if found is None:
        raise HttpError(404, _("No report has this tracking code."))
    return {
        "tracking_code": found.tracking_code,
        "service_code": found.category.code,
        "category_name": found.category.name,
        "status": found.status,
        "closure_reason": found.closure_reason,
        "description": found.description,
        "address": found.address,
        "district": found.district.name if found.district else None,
        "latitude": found.latitude,
        "longitude": found.longitude,
        "department_name": found.department.name,
        "requested_at": found.requested_at,
        "updated_at": found.updated_at,
        "history": [
            {"kind": u.kind, "status": u.status, "comment": u.public_comment, "at": u.created_at}
            for u in found.public_history
        ],
    }
