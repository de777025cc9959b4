"""Parsing and checking of GeoReport query parameters; every problem is an Open311Error."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from smartcity.service_requests.open311.errors import Open311Error

DEFAULT_WINDOW = datetime.timedelta(days=90)  # the specification's default and maximum span
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000  # the specification's cap on one response
MAX_RADIUS_M = 20_000
MAX_LIST_ITEMS = 100


def w3c_parse(name: str, raw: str) -> datetime.datetime:
    """A W3C datetime (or a bare date, taken as midnight in the city), timezone-aware."""
    value = raw.strip()
    try:
        parsed = parse_datetime(value.replace(" ", "+")) if "T" in value else None
        if parsed is None and "T" not in value:
            day = parse_date(value)
            parsed = datetime.datetime.combine(day, datetime.time()) if day else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise Open311Error(
            400,
            _("%(name)s is not a W3C date and time, such as 2026-11-28T10:00:00+02:00.")
            % {"name": name},
        )
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _float(name: str, raw: str, low: float, high: float) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (low <= value <= high):
        raise Open311Error(
            400,
            _("%(name)s must be a number between %(low)s and %(high)s.")
            % {"name": name, "low": low, "high": high},
        )
    return value


def _int(name: str, raw: str, low: int, high: int) -> int:
    try:
        value = int(raw)
    except ValueError:
        value = low - 1
    if not (low <= value <= high):
        raise Open311Error(
            400,
            _("%(name)s must be a whole number between %(low)s and %(high)s.")
            % {"name": name, "low": low, "high": high},
        )
    return value


def _list(raw: str) -> list[str]:
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if len(items) > MAX_LIST_ITEMS:
        raise Open311Error(400, _("At most 100 values may be listed."))
    return items


@dataclass
class RequestQuery:
    """The filters of GET requests, standard and extended."""

    ids: list[str] = field(default_factory=list)
    service_codes: list[str] = field(default_factory=list)
    start: datetime.datetime | None = None
    end: datetime.datetime | None = None
    status: str = ""
    updated_after: datetime.datetime | None = None
    updated_before: datetime.datetime | None = None
    point: tuple[float, float] | None = None
    radius_m: float = 0
    bbox: tuple[float, float, float, float] | None = None
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    extensions: bool = False


def _dates(params, query: RequestQuery) -> None:  # noqa: ANN001 - a QueryDict
    start = w3c_parse("start_date", params["start_date"]) if params.get("start_date") else None
    end = w3c_parse("end_date", params["end_date"]) if params.get("end_date") else None
    if start and end and end < start:
        raise Open311Error(400, _("end_date must not be before start_date."))
    if start and end and end - start > DEFAULT_WINDOW:
        raise Open311Error(400, _("start_date and end_date may not span more than 90 days."))
    if not query.ids:
        # The specification: without dates, the last 90 days; with one date, 90 days from it.
        if start is None:
            end = end or timezone.now()
            start = end - DEFAULT_WINDOW
        elif end is None:
            end = start + DEFAULT_WINDOW
    query.start, query.end = start, end
    for name in ("updated_after", "updated_before"):
        if params.get(name):
            setattr(query, name, w3c_parse(name, params[name]))


def _geography(params, query: RequestQuery) -> None:  # noqa: ANN001
    has_point = any(params.get(name) for name in ("lat", "long", "radius"))
    if has_point:
        if not (params.get("lat") and params.get("long")):
            raise Open311Error(400, _("lat and long must be given together."))
        query.point = (
            _float("lat", params["lat"], -90, 90),
            _float("long", params["long"], -180, 180),
        )
        query.radius_m = _float("radius", params.get("radius") or "500", 1, MAX_RADIUS_M)
    if params.get("bbox"):
        parts = params["bbox"].split(",")
        if len(parts) != 4:
            raise Open311Error(
                400, _("bbox must be four numbers: min_long,min_lat,max_long,max_lat.")
            )
        min_lon = _float("bbox", parts[0], -180, 180)
        min_lat = _float("bbox", parts[1], -90, 90)
        max_lon = _float("bbox", parts[2], -180, 180)
        max_lat = _float("bbox", parts[3], -90, 90)
        if min_lon > max_lon or min_lat > max_lat:
            raise Open311Error(400, _("bbox must be min_long,min_lat,max_long,max_lat."))
        query.bbox = (min_lon, min_lat, max_lon, max_lat)


def request_query(params) -> RequestQuery:  # noqa: ANN001 - a QueryDict
    query = RequestQuery()
    if params.get("service_request_id"):
        query.ids = [item.upper() for item in _list(params["service_request_id"])]
    if params.get("service_code"):
        query.service_codes = _list(params["service_code"])
    status = params.get("status", "").strip().lower()
    if status and any(part not in ("open", "closed") for part in status.split(",")):
        raise Open311Error(400, _("status must be open or closed."))
    query.status = status if status in ("open", "closed") else ""
    _dates(params, query)
    _geography(params, query)
    if params.get("page"):
        query.page = _int("page", params["page"], 1, 1_000_000)
    if params.get("page_size"):
        query.page_size = _int("page_size", params["page_size"], 1, MAX_PAGE_SIZE)
    query.extensions = params.get("extensions", "").lower() in ("1", "true")
    return query


def updates_window(params) -> tuple[datetime.datetime, datetime.datetime]:  # noqa: ANN001
    end = w3c_parse("end_date", params["end_date"]) if params.get("end_date") else timezone.now()
    start = (
        w3c_parse("start_date", params["start_date"])
        if params.get("start_date")
        else end - datetime.timedelta(days=1)
    )
    if end < start:
        raise Open311Error(400, _("end_date must not be before start_date."))
    if end - start > DEFAULT_WINDOW:
        raise Open311Error(400, _("start_date and end_date may not span more than 90 days."))
    return start, end
