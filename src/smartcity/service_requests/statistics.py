"""Public statistics of reports: counts by category, district and status, and how long
each department takes to close them."""

from __future__ import annotations

import datetime
import statistics as stats
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count
from django.utils import timezone

from smartcity.city.models import Department, District
from smartcity.service_requests.models import (
    ServiceCategory,
    ServiceRequest,
    ServiceRequestQuerySet,
    Status,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PERIODS = {"30d": 30, "12m": 365, "all": None}


@dataclass(frozen=True)
class Bar:
    label: StrOrPromise
    count: int
    share: float  # of the largest bar, 0–1, for drawing


@dataclass(frozen=True)
class DepartmentTime:
    department: str
    closed: int
    median_hours: float


def _bars(pairs: list[tuple[StrOrPromise, int]]) -> list[Bar]:
    top = max((count for _label, count in pairs), default=0) or 1
    return [Bar(label, count, count / top) for label, count in sorted(pairs, key=lambda p: -p[1])]


def requests_statistics(*, period: str = "12m", now: datetime.datetime | None = None) -> dict:
    """Counts and closing times of public requests reported in the period."""
    now = now or timezone.now()
    requests = ServiceRequest.objects.public()
    days = PERIODS.get(period, 365)
    if days:
        requests = requests.filter(requested_at__gte=now - datetime.timedelta(days=days))
    categories = {c.pk: c.name for c in ServiceCategory.objects.all()}
    districts = {d.pk: d.name for d in District.objects.all()}
    by_category = requests.values_list("category").annotate(n=Count("id")).order_by()
    by_district = requests.values_list("district").annotate(n=Count("id")).order_by()
    by_status = dict(requests.values_list("status").annotate(n=Count("id")).order_by())
    return {
        "total": sum(by_status.values()),
        "by_category": _bars([(categories[pk], n) for pk, n in by_category]),
        "by_district": _bars([(districts.get(pk, "—"), n) for pk, n in by_district]),
        "by_status": _bars([(Status(code).label, n) for code, n in by_status.items()]),
        "closing_times": _closing_times(requests),
    }


def _closing_times(requests: ServiceRequestQuerySet) -> list[DepartmentTime]:
    """Median hours from report to closing, per department (fixed or not)."""
    durations: dict[int, list[float]] = {}
    closed = requests.filter(status=Status.CLOSED, closed_at__isnull=False).values_list(
        "department", "requested_at", "closed_at"
    )
    for department, requested_at, closed_at in closed.iterator(chunk_size=5000):
        if closed_at is None:  # excluded by the filter; the column itself is nullable
            continue
        durations.setdefault(department, []).append(
            (closed_at - requested_at).total_seconds() / 3600
        )
    names = {d.pk: d.name for d in Department.objects.all()}
    return sorted(
        (
            DepartmentTime(names.get(pk, "—"), len(hours), round(stats.median(hours), 1))
            for pk, hours in durations.items()
        ),
        key=lambda t: t.median_hours,
    )
