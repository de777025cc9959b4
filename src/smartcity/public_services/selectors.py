"""Reads of the services catalogue."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from smartcity.city.access import is_staff_of
from smartcity.city.models import Department
from smartcity.city.selectors import staff_member_of
from smartcity.public_services.models import Application, Service


def services_catalogue(*, kind: str | None = None) -> QuerySet[Service]:
    """The active services, by name, with their department; optionally of one kind."""
    services = Service.objects.filter(is_active=True).select_related("department")
    return services.filter(kind=kind) if kind else services


def service_by_slug(slug: str) -> Service | None:
    """The active service with this slug, or None."""
    return services_catalogue().filter(slug=slug).first()


def services_bookable() -> QuerySet[Service]:
    """The active services residents can book a front-desk appointment for."""
    return services_catalogue().filter(bookable=True)


def applications_of(user) -> QuerySet[Application]:  # noqa: ANN001
    """The resident's own applications and petitions, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Application.objects.none()
    return Application.objects.filter(applicant=user).select_related("service", "department")


def application_of(user, pk: int) -> Application | None:  # noqa: ANN001
    """The resident's own application, or None (also for someone else's)."""
    return applications_of(user).filter(pk=pk).first()


def application_for_staff(user, pk: int) -> Application | None:  # noqa: ANN001
    """The application if the user handles its department's papers, else None."""
    application = (
        Application.objects.select_related("service", "department", "applicant")
        .filter(pk=pk)
        .first()
    )
    if application is None or not is_staff_of(user, [application.department.slug]):
        return None
    return application


QUEUE_FILTERS = ("open", "overdue", "answered", "all")
# What a queue row does not show stays on disk until a paper is opened.
QUEUE_DEFERRED = ("text", "answers", "answer", "extension_reason", "address", "idnp")


def queue(*, department: Department, view: str = "open", today: datetime.date | None = None):
    """One department's papers for its staff queue: open ones by nearest deadline (so
    overdue first), or only overdue, or answered (newest first), or all. A QuerySet that
    the queue index (department, status, deadline) serves; the view paginates it."""
    today = today or timezone.localdate()
    papers = (
        Application.objects.filter(department=department)
        .select_related("service")
        .defer(*QUEUE_DEFERRED)
    )
    if view == "overdue":
        return papers.filter(status__in=Application.OPEN_STATUSES, deadline__lt=today).order_by(
            "deadline", "id"
        )
    if view == "answered":
        return papers.filter(status=Application.Status.ANSWERED).order_by("-answered_at", "-id")
    if view == "all":
        return papers.order_by("-registered_at", "-id")
    return papers.filter(status__in=Application.OPEN_STATUSES).order_by("deadline", "id")


def queue_departments(user) -> QuerySet[Department]:  # noqa: ANN001
    """The departments whose queue the user may open (those answering any service, or
    any department for dispatchers and administrators)."""
    staff = staff_member_of(user)
    if staff is None:
        return Department.objects.none()
    if staff.sees_all_departments:
        return Department.objects.filter(kind=Department.Kind.DEPARTMENT)
    return Department.objects.filter(pk=staff.department_id or 0)


@dataclass(frozen=True)
class TermRate:
    department: str
    answered: int
    in_term: int

    @property
    def rate(self) -> float | None:
        return self.in_term / self.answered if self.answered else None


def answered_in_term() -> tuple[list[TermRate], TermRate]:
    """Per department and overall: how many papers were answered, and how many of those
    by their deadline (as extended); withdrawn and open ones do not count."""
    answered = Application.objects.filter(status=Application.Status.ANSWERED)
    # `__date` is the answer's day in the city's time zone (TIME_ZONE), as the deadline is.
    in_term = Q(answered_at__date__lte=F("deadline"))
    rows = (
        answered.values("department__name")
        .annotate(total=Count("id"), ok=Count("id", filter=in_term))
        .order_by("department__name")
    )
    rates = [TermRate(row["department__name"], row["total"], row["ok"]) for row in rows]
    overall = TermRate("", sum(r.answered for r in rates), sum(r.in_term for r in rates))
    return rates, overall


def term_rates_for_open_data() -> Iterator[dict]:
    """One row per department and one overall: answered papers and those in term."""
    rates, overall = answered_in_term()
    for rate in [*rates, overall]:
        yield {
            "department": rate.department or "*",
            "answered": rate.answered,
            "answered_in_term": rate.in_term,
            "rate_percent": round(100 * rate.rate, 1) if rate.rate is not None else None,
        }


def term_rates_count() -> int:
    return len(answered_in_term()[0]) + 1


def answer_latest() -> datetime.datetime | None:
    return (
        Application.objects.filter(answered_at__isnull=False)
        .order_by("-answered_at")
        .values_list("answered_at", flat=True)
        .first()
    )
