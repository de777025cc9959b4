"""Reads for the back office: the queue, its counts and map, and the department summary.

Every read starts from `visible_requests(staff)`, so department staff never see another
department's requests, whatever the filters say.
"""

from __future__ import annotations

import datetime
import math
import re
from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from smartcity.city.models import Department, District, StaffMember
from smartcity.service_requests.models import (
    RequestUpdate,
    ServiceCategory,
    ServiceRequest,
    Status,
)

EARTH_RADIUS_M = 6_371_000
PAGE_SIZE = 50
MAP_LIMIT = 5000

# Status filter values besides the statuses themselves.
NOT_CLOSED = ""
ALL_STATUSES = "all"

SORTS = {
    "due": ("due_at", "id"),
    "oldest": ("requested_at", "id"),
    "newest": ("-requested_at", "-id"),
}

# A query that looks like (the start of) a tracking code is matched on the code only,
# through its unique index, instead of scanning every description.
_CODE_LIKE = re.compile(r"^BL-[0-9A-Z]{0,4}(-[0-9A-Z]{0,4})?$", re.IGNORECASE)


@dataclass(frozen=True)
class QueueFilters:
    status: str = NOT_CLOSED
    department: Department | None = None
    category: ServiceCategory | None = None
    district: District | None = None
    older_than_days: int | None = None
    overdue: bool = False
    assigned: str = ""  # "", "me" or "none"
    search: str = ""
    sort: str = "due"


def visible_requests(staff: StaffMember) -> QuerySet[ServiceRequest]:
    """The requests a staff member may see: all for dispatchers and administrators,
    their own department's for department staff."""
    if staff.sees_all_departments:
        return ServiceRequest.objects.all()
    return ServiceRequest.objects.filter(department_id=staff.department_id)


def _status_filtered(requests: QuerySet[ServiceRequest], status: str) -> QuerySet:
    if status == NOT_CLOSED:
        return requests.open()
    if status == ALL_STATUSES:
        return requests
    return requests.filter(status=status)


def _filtered_without_status(
    *,
    staff: StaffMember,
    user,
    filters: QueueFilters,
    now: datetime.datetime,  # noqa: ANN001
) -> QuerySet[ServiceRequest]:
    requests = visible_requests(staff)
    if filters.department is not None and staff.sees_all_departments:
        requests = requests.filter(department=filters.department)
    if filters.category is not None:
        requests = requests.filter(category=filters.category)
    if filters.district is not None:
        requests = requests.filter(district=filters.district)
    if filters.older_than_days:
        requests = requests.filter(
            requested_at__lt=now - datetime.timedelta(days=filters.older_than_days)
        )
    if filters.overdue:
        requests = requests.open().filter(due_at__lt=now)
    if filters.assigned == "me":
        requests = requests.filter(assigned_to=user)
    elif filters.assigned == "none":
        requests = requests.filter(assigned_to__isnull=True)
    search = filters.search.strip()
    if _CODE_LIKE.match(search):
        requests = requests.filter(tracking_code__startswith=search.upper())
    elif search:
        requests = requests.filter(Q(description__icontains=search) | Q(address__icontains=search))
    return requests


def queue_requests(
    *,
    staff: StaffMember,
    user,
    filters: QueueFilters,
    now: datetime.datetime,  # noqa: ANN001
) -> QuerySet[ServiceRequest]:
    """The filtered, sorted queue with what each row shows joined in (no N+1)."""
    requests = _filtered_without_status(staff=staff, user=user, filters=filters, now=now)
    return (
        _status_filtered(requests, filters.status)
        .select_related("category", "district", "assigned_to", "department")
        .order_by(*SORTS.get(filters.sort, SORTS["due"]))
    )


def queue_page(
    *,
    staff: StaffMember,
    user,  # noqa: ANN001
    filters: QueueFilters,
    now: datetime.datetime,
    page: object = 1,
) -> Page:
    """One page of the queue (PAGE_SIZE rows); each row knows whether it is overdue.

    A page number out of range gives the last page, a malformed one the first.
    """
    requests = queue_requests(staff=staff, user=user, filters=filters, now=now)
    result = Paginator(requests, PAGE_SIZE).get_page(page)
    for row in result.object_list:
        row.is_overdue = row.status != Status.CLOSED and row.due_at < now
    return result


def status_counts(
    *,
    staff: StaffMember,
    user,
    filters: QueueFilters,
    now: datetime.datetime,  # noqa: ANN001
) -> dict[str, int]:
    """How many requests each status tab would show under the other filters (one query)."""
    requests = _filtered_without_status(staff=staff, user=user, filters=filters, now=now)
    by_status = dict(
        requests.order_by()
        .values_list("status")
        .annotate(count=Count("id"))
        .values_list("status", "count")
    )
    counts = {status: by_status.get(status, 0) for status in Status.values}
    counts[ALL_STATUSES] = sum(counts.values())
    counts[NOT_CLOSED] = counts[ALL_STATUSES] - counts[Status.CLOSED]
    return counts


@dataclass(frozen=True)
class DepartmentSummary:
    department: Department
    open: int
    overdue: int
    median_age: datetime.timedelta | None

    @property
    def median_age_days(self) -> float | None:
        return None if self.median_age is None else self.median_age.total_seconds() / 86400


def department_summaries(*, staff: StaffMember, now: datetime.datetime) -> list[DepartmentSummary]:
    """Open and overdue requests and the median age of the open ones, per visible
    department (two grouped queries plus the department names)."""
    open_requests = visible_requests(staff).open().order_by()
    counts = {
        row["department_id"]: row
        for row in open_requests.values("department_id").annotate(
            open=Count("id"), overdue=Count("id", filter=Q(due_at__lt=now))
        )
    }
    if not counts:
        return []
    # The median without database-specific aggregates: number the open requests of each
    # department by age and keep the middle one (or the middle two, for an even count).
    middle = (
        open_requests.annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("department_id")],
                order_by=[F("requested_at").asc(), F("id").asc()],
            ),
            total=Window(Count("id"), partition_by=[F("department_id")]),
        )
        .filter(position__gte=(F("total") + 1) / 2, position__lte=(F("total") + 2) / 2)
        .values_list("department_id", "requested_at")
    )
    ages: dict[int, list[datetime.timedelta]] = defaultdict(list)
    for department_id, requested_at in middle:
        ages[department_id].append(now - requested_at)
    departments = Department.objects.in_bulk(list(counts))
    summaries = [
        DepartmentSummary(
            department=departments[department_id],
            open=row["open"],
            overdue=row["overdue"],
            median_age=(
                sum(ages[department_id], datetime.timedelta()) / len(ages[department_id])
                if ages[department_id]
                else None
            ),
        )
        for department_id, row in counts.items()
    ]
    return sorted(summaries, key=lambda summary: summary.department.name)


def map_features(
    *,
    staff: StaffMember,
    user,
    filters: QueueFilters,
    now: datetime.datetime,  # noqa: ANN001
) -> dict:
    """A GeoJSON FeatureCollection of the queue's open requests (at most MAP_LIMIT).

    `truncated` tells the map that more requests matched than it received.
    """
    requests = _filtered_without_status(staff=staff, user=user, filters=filters, now=now)
    requests = _status_filtered(requests, filters.status).open()
    rows = list(
        requests.order_by(*SORTS.get(filters.sort, SORTS["due"])).values_list(
            "tracking_code", "latitude", "longitude", "status", "category_id", "address", "due_at"
        )[: MAP_LIMIT + 1]
    )
    # Twenty-odd categories: their names in the page's language, with the fallback chain.
    names = {category.pk: category.name for category in ServiceCategory.objects.all()}
    statuses = dict(Status.choices)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
            "properties": {
                "tracking_code": code,
                "category": names.get(category_id, ""),
                "status": status,
                "status_label": str(statuses.get(status, status)),
                "address": address,
                "overdue": due_at < now,
            },
        }
        for code, latitude, longitude, status, category_id, address, due_at in rows[:MAP_LIMIT]
    ]
    return {
        "type": "FeatureCollection",
        "features": features,
        "truncated": len(rows) > MAP_LIMIT,
    }


# --- one request ---------------------------------------------------------------------


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


def duplicate_candidates(
    request: ServiceRequest,
    *,
    radius_m: float = 200,
    days: int = 30,
    limit: int = 10,
) -> list[ServiceRequest]:
    """Open requests of the same category reported within `days` of this one and
    within `radius_m` of it, nearest first: the likely duplicates (or originals)."""
    # A bounding box narrows the search through the location index before the exact
    # distance is measured in Python.
    lat_delta = math.degrees(radius_m / EARTH_RADIUS_M)
    lon_delta = lat_delta / max(math.cos(math.radians(request.latitude)), 0.01)
    window = datetime.timedelta(days=days)
    nearby = (
        ServiceRequest.objects.open()
        .filter(
            category_id=request.category_id,
            latitude__range=(request.latitude - lat_delta, request.latitude + lat_delta),
            longitude__range=(request.longitude - lon_delta, request.longitude + lon_delta),
            requested_at__range=(request.requested_at - window, request.requested_at + window),
            duplicate_of__isnull=True,
        )
        .exclude(pk=request.pk)
        .select_related("district")[:200]
    )
    measured = []
    for candidate in nearby:
        distance = metres_between(
            request.latitude, request.longitude, candidate.latitude, candidate.longitude
        )
        if distance <= radius_m:
            candidate.distance_m = round(distance)
            measured.append(candidate)
    measured.sort(key=lambda candidate: (candidate.distance_m, candidate.requested_at))
    return measured[:limit]


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
        members = members.filter(department_id=staff.department_id)
    return [
        member
        for member in members.order_by("department__name", "user__first_name", "user__username")
        if member.user.is_active
    ]


def category_choices() -> QuerySet[ServiceCategory]:
    """Active categories for re-categorising, in the order residents see them."""
    return ServiceCategory.objects.filter(is_active=True).select_related("department")
