"""Reads on service requests for pages and APIs."""

from __future__ import annotations

import datetime
import math
import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import Count, F, Max, Min, Prefetch, Q, QuerySet

from smartcity.city.selectors import staff_member_of
from smartcity.service_requests.models import (
    RequestPhoto,
    RequestUpdate,
    ServiceCategory,
    ServiceRequest,
    ServiceRequestQuerySet,
    Source,
    Status,
)
from smartcity.service_requests.staff.selectors.queue import visible_requests

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

METRES_PER_DEGREE = 111_320


class _PublicHistory(TypedDict):
    public_history: list[RequestUpdate]  # the Prefetch's to_attr


if TYPE_CHECKING:
    PublicRequest = WithAnnotations[ServiceRequest, _PublicHistory]


def recent_public_requests(*, limit: int = 10) -> list[ServiceRequest]:
    return list(
        ServiceRequest.objects.public().select_related("category").order_by("-requested_at")[:limit]
    )


def public_request_by_code(tracking_code: str) -> PublicRequest | None:
    """A request with its public history and photos, or None (also for hidden ones)."""
    code = (tracking_code or "").strip().upper()
    found = (
        ServiceRequest.objects.public()
        .select_related("category", "department", "district", "duplicate_of")
        .prefetch_related(
            "photos",
            Prefetch(
                "updates",
                queryset=RequestUpdate.objects.exclude(kind=RequestUpdate.Kind.ASSIGNED).order_by(
                    "created_at", "id"
                ),
                to_attr="public_history",
            ),
        )
        .filter(tracking_code=code)
        .first()
    )
    return cast("PublicRequest | None", found)


def within_radius(
    requests: ServiceRequestQuerySet, latitude: float, longitude: float, radius_m: float
) -> ServiceRequestQuerySet:
    """Requests within `radius_m` metres of a point, in portable SQL.

    A bounding box uses the location index; the exact test is the equirectangular
    distance (error far below a metre at city scale), computed by the database.
    """
    dlat = radius_m / METRES_PER_DEGREE
    scale = math.cos(math.radians(latitude))
    dlon = dlat / max(scale, 0.01)
    return (
        requests.filter(
            latitude__range=(latitude - dlat, latitude + dlat),
            longitude__range=(longitude - dlon, longitude + dlon),
        )
        .alias(dy=F("latitude") - latitude, dx=(F("longitude") - longitude) * scale)
        .alias(d2=F("dy") * F("dy") + F("dx") * F("dx"))
        .filter(d2__lte=dlat * dlat)
    )


def nearby_open_requests(
    *,
    category: ServiceCategory,
    latitude: float,
    longitude: float,
    radius_m: float = 150,
    limit: int = 10,
) -> list[ServiceRequest]:
    """Open public requests of a category near a point: "is it already reported?"."""
    requests = ServiceRequest.objects.public().open().filter(category=category)
    return list(
        within_radius(requests, latitude, longitude, radius_m)
        .select_related("category")
        .order_by("-requested_at")[:limit]
    )


def public_requests(
    *,
    category: ServiceCategory | None = None,
    district=None,
    status: str = "",  # noqa: ANN001
) -> ServiceRequestQuerySet:
    """Public requests, newest first, filtered as the list page and its map ask."""
    requests = ServiceRequest.objects.public().select_related("category", "district")
    if category is not None:
        requests = requests.filter(category=category)
    if district is not None:
        requests = requests.filter(district=district)
    if status == "open":
        requests = requests.open()
    elif status == "closed":
        requests = requests.filter(status="closed")
    return requests.order_by("-requested_at", "-id")


def active_categories() -> QuerySet[ServiceCategory]:
    """The categories residents can report in, in their display order."""
    return ServiceCategory.objects.filter(is_active=True)


def request_counts_by_category(category_ids: list[int]) -> dict[int, tuple[int, int]]:
    """For each category id: (public requests, of which still open), counted live.

    Other apps show these as evidence (for example a digitalisation need backed by the
    number of reports residents filed about it); ids without requests count (0, 0).
    """
    counts = {pk: (0, 0) for pk in category_ids}
    rows = (
        ServiceRequest.objects.public()
        .filter(category_id__in=category_ids)
        .values("category_id")
        .annotate(total=Count("id"), open=Count("id", filter=~Q(status="closed")))
    )
    for row in rows:
        counts[row["category_id"]] = (row["total"], row["open"])
    return counts


def requests_online_share(*, since: datetime.datetime, until: datetime.datetime) -> float | None:
    """Percentage of residents' reports in [since, until) filed online (website or
    Open311) rather than entered by staff from a call or a visit; devices' reports are
    left out. None when there were no reports."""
    counts = (
        ServiceRequest.objects.filter(requested_at__gte=since, requested_at__lt=until)
        .exclude(source=Source.DEVICE)
        .aggregate(
            total=Count("id"),
            online=Count("id", filter=Q(source__in=[Source.WEB, Source.OPEN311])),
        )
    )
    return 100.0 * counts["online"] / counts["total"] if counts["total"] else None


def categories_online_share() -> float | None:
    """Percentage of the report categories residents can file online (the active ones)."""
    counts = ServiceCategory.objects.aggregate(
        total=Count("id"), online=Count("id", filter=Q(is_active=True))
    )
    return 100.0 * counts["online"] / counts["total"] if counts["total"] else None


def requests_median_close_hours(
    *, since: datetime.datetime, until: datetime.datetime
) -> float | None:
    """Median hours from report to closing of the public requests closed in [since,
    until); None when none was closed."""
    rows = (
        ServiceRequest.objects.public()
        .filter(status=Status.CLOSED, closed_at__gte=since, closed_at__lt=until)
        .values_list("requested_at", "closed_at")
    )
    hours = _hours_to_close(rows.iterator())
    return statistics.median(hours) if hours else None


def _hours_to_close(
    rows: Iterable[tuple[datetime.datetime, datetime.datetime | None]],
) -> list[float]:
    """Hours from report to closing of (requested_at, closed_at) rows; the rows come
    filtered on closed_at, so the check only tells the type checker so."""
    return [
        (closed - reported).total_seconds() / 3600
        for reported, closed in rows
        if closed is not None
    ]


def requests_median_response_hours(
    *, since: datetime.datetime, until: datetime.datetime
) -> float | None:
    """Median hours from report to the city's first action (a status change, comment,
    assignment or re-routing by staff or an integrator) for public requests reported in
    [since, until) that got one; None when none did."""
    first_action = Min(
        "updates__created_at",
        filter=~Q(updates__kind=RequestUpdate.Kind.CREATED) & Q(updates__by_reporter=False),
    )
    rows = (
        ServiceRequest.objects.public()
        .filter(requested_at__gte=since, requested_at__lt=until)
        .annotate(first_action=first_action)
        .filter(first_action__isnull=False)
        .values_list("requested_at", "first_action")
    )
    hours = [(acted - reported).total_seconds() / 3600 for reported, acted in rows.iterator()]
    return statistics.median(hours) if hours else None


# Open data: positions rounded to 3 decimals (about 110 m north–south, 75 m east–west
# here), so a report cannot be traced to a door; the description, address, photos and
# everything about the reporter stay out.
OPEN_DATA_DECIMALS = 3


def requests_for_open_data(
    *, chunk_size: int = 2000, offset: int = 0, limit: int | None = None
) -> Iterator[dict]:
    """Public requests for the open data portal, oldest first, read in chunks; with
    `offset`/`limit` only that slice (the database skips the rows before it).

    Anonymised: category, status, district, department, source, times and a rounded
    position only; no tracking code (it leads to the exact place and the text)."""
    public = ServiceRequest.objects.public().order_by("requested_at", "id")
    if offset:
        # Find the slice's first row on the (time, id) order alone, then start there
        # (keyset): the rows skipped are not joined to their category and district.
        first = next(iter(public.values_list("requested_at", "id")[offset : offset + 1]), None)
        if first is None:
            return
        at, pk = first
        public = public.filter(Q(requested_at__gt=at) | Q(requested_at=at, id__gte=pk))
    rows = public.values(
        "category__code",
        "category__name",
        "status",
        "closure_reason",
        "district__name",
        "department__name",
        "source",
        "latitude",
        "longitude",
        "requested_at",
        "closed_at",
    )
    if limit is not None:
        rows = rows[:limit]
    for row in rows.iterator(chunk_size=chunk_size):
        yield {
            "service_code": row["category__code"],
            "category": row["category__name"],
            "status": row["status"],
            "closure_reason": row["closure_reason"],
            "district": row["district__name"] or "",
            "department": row["department__name"],
            "source": row["source"],
            # Empty for a request not yet placed on the map.
            "latitude": _rounded(row["latitude"]),
            "longitude": _rounded(row["longitude"]),
            "requested_at": row["requested_at"],
            "closed_at": row["closed_at"],
        }


def _rounded(degrees: float | None) -> float | None:
    return None if degrees is None else round(degrees, OPEN_DATA_DECIMALS)


def open_data_count() -> int:
    return ServiceRequest.objects.public().count()


def open_data_span() -> tuple[datetime.datetime, datetime.datetime] | None:
    """(first reported, last changed) of the public requests, or None without any."""
    # Two aggregates, each answered from the end of its own index of public requests.
    public = ServiceRequest.objects.public()
    first = public.aggregate(first=Min("requested_at"))["first"]
    if first is None:
        return None
    return first, public.aggregate(last=Max("updated_at"))["last"]


@dataclass(frozen=True)
class Week:
    opened: int  # reported in the last 7 days
    closed: int  # closed in the last 7 days
    still_open: int  # all open requests now
    median_hours_to_close: float | None  # of those closed in the last 7 days


def week_summary(*, now: datetime.datetime) -> Week:
    """Public requests reported and closed in the seven days up to `now`."""
    since = now - datetime.timedelta(days=7)
    requests = ServiceRequest.objects.public()
    closed = requests.filter(status="closed", closed_at__gte=since, closed_at__lte=now)
    hours = _hours_to_close(closed.values_list("requested_at", "closed_at"))
    return Week(
        opened=requests.filter(requested_at__gte=since, requested_at__lte=now).count(),
        closed=len(hours),
        # The open statuses by name rather than "not closed", so the (status, time)
        # index finds them instead of a scan of every request.
        still_open=requests.filter(
            status__in=[s for s in Status.values if s != Status.CLOSED]
        ).count(),
        median_hours_to_close=round(statistics.median(hours), 1) if hours else None,
    )


def photo_for_viewer(name: str, user) -> tuple[RequestPhoto, bool] | None:  # noqa: ANN001
    """The stored photo called `name` if this viewer may see it, with whether the public
    may (so it may be cached by anyone); None otherwise. Photos of hidden requests are
    for the staff who see that request."""
    photo = RequestPhoto.objects.select_related("request").filter(image=name).first()
    if photo is None:
        return None
    if not photo.request.is_hidden:
        return photo, True
    staff = staff_member_of(user) if user.is_authenticated else None
    if staff is not None and visible_requests(staff).filter(pk=photo.request_id).exists():
        return photo, False
    return None
