"""Reads for the page of one request: its details, likely duplicates, suggestions and
the people it can be given to."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from smartcity.city.models import StaffMember
from smartcity.service_requests.models import RequestUpdate, ServiceCategory, ServiceRequest

EARTH_RADIUS_M = 6_371_000


def staff_request_by_code(tracking_code: str) -> ServiceRequest | None:
    """A request with everything the staff page shows: photos, the full history with
    internal notes and who did what, and its category's questions."""
    code = (tracking_code or "").strip().upper()
    return (
        ServiceRequest.objects.select_related(
            "category", "department", "district", "assigned_to", "duplicate_of", "api_client"
        )
        .prefetch_related(
            "photos",
            "duplicates",
            Prefetch(
                "updates",
                queryset=RequestUpdate.objects.select_related("staff", "api_client").order_by(
                    "created_at", "id"
                ),
                to_attr="history",
            ),
        )
        .filter(tracking_code=code)
        .first()
    )


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str


def attribute_answers(request: ServiceRequest) -> list[Answer]:
    """The reporter's answers to the category's extra questions, with the questions'
    labels and the list choices' names; answers to unknown questions keep their code."""
    attributes = {
        attribute.code: attribute
        for attribute in request.category.attributes.prefetch_related("values")
    }
    answers = []
    for code, raw in (request.attributes or {}).items():
        attribute = attributes.get(code)
        if attribute is None:
            answers.append(Answer(question=code, answer=str(raw)))
            continue
        names = {value.key: value.name for value in attribute.values.all()}
        values = raw if isinstance(raw, list) else [raw]
        answers.append(
            Answer(
                question=attribute.description,
                answer=", ".join(str(names.get(str(value), value)) for value in values),
            )
        )
    return answers


def metres_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance between two WGS84 points; the equirectangular approximation is well
    under a metre off at the scale of a city."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return EARTH_RADIUS_M * math.hypot(x, y)


@dataclass(frozen=True)
class DuplicateCandidate:
    """A likely duplicate (or original) of a request, and how far from it, in metres."""

    request: ServiceRequest
    distance_m: int


def duplicate_candidates(
    request: ServiceRequest,
    *,
    radius_m: float = 200,
    days: int = 30,
    limit: int = 10,
) -> list[DuplicateCandidate]:
    """Open requests of the same category reported within `days` of this one and
    within `radius_m` of it, nearest first: the likely duplicates (or originals).
    A request not yet on the map has none by distance: those of its category at the same
    address (the only place it has)."""
    latitude, longitude = request.latitude, request.longitude
    if latitude is None or longitude is None:
        return _same_address_candidates(request, days=days, limit=limit)
    # A bounding box narrows the search through the location index before the exact
    # distance is measured in Python.
    lat_delta = math.degrees(radius_m / EARTH_RADIUS_M)
    lon_delta = lat_delta / max(math.cos(math.radians(latitude)), 0.01)
    window = datetime.timedelta(days=days)
    nearby = (
        ServiceRequest.objects.open()
        .filter(
            category_id=request.category_id,
            latitude__range=(latitude - lat_delta, latitude + lat_delta),
            longitude__range=(longitude - lon_delta, longitude + lon_delta),
            requested_at__range=(request.requested_at - window, request.requested_at + window),
            duplicate_of__isnull=True,
        )
        .exclude(pk=request.pk)
        .select_related("district")[:200]
    )
    measured = []
    for candidate in nearby:
        assert candidate.latitude is not None and candidate.longitude is not None  # by range
        distance = metres_between(latitude, longitude, candidate.latitude, candidate.longitude)
        if distance <= radius_m:
            measured.append(DuplicateCandidate(request=candidate, distance_m=round(distance)))
    measured.sort(key=lambda found: (found.distance_m, found.request.requested_at))
    return measured[:limit]


def _same_address_candidates(
    request: ServiceRequest, *, days: int, limit: int
) -> list[DuplicateCandidate]:
    window = datetime.timedelta(days=days)
    same = (
        ServiceRequest.objects.open()
        .filter(
            category_id=request.category_id,
            address__iexact=request.address,
            requested_at__range=(request.requested_at - window, request.requested_at + window),
            duplicate_of__isnull=True,
        )
        .exclude(pk=request.pk)
        .exclude(address="")
        .select_related("district")
        .order_by("requested_at")[:limit]
    )
    return [DuplicateCandidate(request=candidate, distance_m=0) for candidate in same]


def suggested_categories(request: ServiceRequest, *, limit: int = 3) -> list:
    """The text classifier's category suggestions for the request's description, best
    first (each with `category` and `confidence` 0..1); empty when it has none."""
    # Imported here so that the classifier's module (and its model) loads only when a
    # request page asks for suggestions.
    from smartcity.service_requests import classifier

    return list(classifier.category_suggestions(request.description, limit=limit))


def assignable_staff(department_id: int) -> list:
    """The users a request of this department can be given to: its department's staff."""
    return [
        member.user
        for member in StaffMember.objects.filter(department_id=department_id)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username")
        if member.user.is_active
    ]


def bulk_assignable_staff(staff: StaffMember) -> list:
    """The users the queue's bulk assignment offers: the staff of every department the
    staff member sees (whether each fits each request is checked on assigning)."""
    members = StaffMember.objects.filter(department__isnull=False).select_related(
        "user", "department"
    )
    if not staff.sees_all_departments:
        if staff.department_id is None:
            return []
        members = members.filter(department_id=staff.department_id)
    return [
        member
        for member in members.order_by("department__name", "user__first_name", "user__username")
        if member.user.is_active
    ]


def category_choices() -> QuerySet[ServiceCategory]:
    """Active categories for re-categorising, in the order residents see them."""
    return ServiceCategory.objects.filter(is_active=True).select_related("department")
