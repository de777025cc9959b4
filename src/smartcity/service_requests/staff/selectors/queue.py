"""Reads for the queue: its rows, counts and map, and the department summary.

Every read starts from `visible_requests(staff)`, so department staff never see another
department's requests, whatever the filters say.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Aggregate,
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber

from smartcity.city.models import Department, District, StaffMember
from smartcity.service_requests.models import (
    ServiceCategory,
    ServiceRequest,
    ServiceRequestQuerySet,
    Status,
)

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


def visible_requests(staff: StaffMember) -> ServiceRequestQuerySet:
    """The requests a staff member may see: all for dispatchers and administrators,
    their own department's for department staff (none while they have no department)."""
    if staff.sees_all_departments:
        return ServiceRequest.objects.all()
    if staff.department_id is None:
        return ServiceRequest.objects.none()
    return ServiceRequest.objects.filter(department_id=staff.department_id)


def _status_filtered(requests: ServiceRequestQuerySet, status: str) -> ServiceRequestQuerySet:
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
) -> ServiceRequestQuerySet:
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
) -> ServiceRequestQuerySet:
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
    page: int | str | None = 1,
    count: int | None = None,
) -> Page:
    """One page of the queue (PAGE_SIZE rows); each row knows whether it is overdue.

    A page number out of range gives the last page, a malformed one the first. `count`,
    when known (from `status_counts`), spares the database counting the queue again.
    """
    requests = queue_requests(staff=staff, user=user, filters=filters, now=now)
    paginator = Paginator(requests, PAGE_SIZE)
    if count is not None:
        paginator.count = count  # a cached_property: this value replaces the query
    result = paginator.get_page(page)
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


class _MedianEpoch(Aggregate):
    """PostgreSQL's median of a timestamp column, in seconds since the epoch."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM %(expressions)s))"
    output_field = FloatField()


def _median_ages_by_window(
    open_requests: ServiceRequestQuerySet, counts: dict[int, int], now: datetime.datetime
) -> dict[int, datetime.timedelta]:
    # Without a median aggregate: number the open requests of each department by age and
    # keep the middle one (or the middle two, for an even count, and take their mean).
    # The counts are known already, so one window function suffices.
    first = Case(
        *(When(department_id=key, then=Value((n + 1) // 2)) for key, n in counts.items()),
        output_field=IntegerField(),
    )
    last = Case(
        *(When(department_id=key, then=Value((n + 2) // 2)) for key, n in counts.items()),
        output_field=IntegerField(),
    )
    middle = (
        open_requests.annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("department_id")],
                order_by=[F("requested_at").asc(), F("id").asc()],
            ),
        )
        .filter(position__gte=first, position__lte=last)
        .values_list("department_id", "requested_at")
    )
    ages: dict[int, list[datetime.timedelta]] = defaultdict(list)
    for department_id, requested_at in middle:
        ages[department_id].append(now - requested_at)
    return {key: sum(values, datetime.timedelta()) / len(values) for key, values in ages.items()}


def department_summaries(*, staff: StaffMember, now: datetime.datetime) -> list[DepartmentSummary]:
    """Open and overdue requests and the median age of the open ones, per visible
    department: one grouped query on PostgreSQL, two elsewhere, plus the names."""
    open_requests = visible_requests(staff).open().order_by()
    aggregates: dict[str, Aggregate] = {
        "open": Count("id"),
        "overdue": Count("id", filter=Q(due_at__lt=now)),
    }
    on_postgresql = connection.vendor == "postgresql"
    if on_postgresql:
        aggregates["median_epoch"] = _MedianEpoch("requested_at")
    counts = {
        row["department_id"]: row
        for row in open_requests.values("department_id").annotate(**aggregates)
    }
    if not counts:
        return []
    if on_postgresql:
        medians = {
            key: now - datetime.datetime.fromtimestamp(row["median_epoch"], tz=datetime.UTC)
            for key, row in counts.items()
        }
    else:
        medians = _median_ages_by_window(
            open_requests, {key: row["open"] for key, row in counts.items()}, now
        )
    departments = Department.objects.in_bulk(list(counts))
    summaries = [
        DepartmentSummary(
            department=departments[department_id],
            open=row["open"],
            overdue=row["overdue"],
            median_age=medians.get(department_id),
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
    # A request not yet placed has no point to draw; the queue's list flags it.
    requests = _status_filtered(requests, filters.status).open().located()
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
