"""Writing the city's feed from the database as a GTFS zip."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from typing import Any

from smartcity.transit import models as m
from smartcity.transit.gtfs.times import time_format

LANGUAGES = ("ro", "ru", "en")
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _date(value: Any) -> str:
    return value.strftime("%Y%m%d") if value else ""


def _time(value: int | None) -> str:
    return "" if value is None else time_format(value)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.6f}".rstrip("0").rstrip(".")


def csv_bytes(header: list[str], rows: Iterable[Iterable[Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(["" if value is None else value for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def feed_export() -> bytes:
    """The current feed as GTFS zip bytes (texts in the feed's language, others in
    translations.txt); empty bytes when no feed was imported."""
    info = m.FeedInfo.objects.first()
    if info is None:
        return b""
    lang = info.lang.split("-")[0] if info.lang.split("-")[0] in LANGUAGES else "ro"
    files = {
        "agency.txt": _agency(lang),
        "stops.txt": _stops(lang),
        "routes.txt": _routes(lang),
        "trips.txt": _trips(lang),
        "stop_times.txt": _stop_times(),
        **_calendars(),
        "shapes.txt": _shapes(),
        "frequencies.txt": _frequencies(),
        "feed_info.txt": _feed_info(info),
        "translations.txt": _translations(lang),
    }
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, content in files.items():
            if content is not None:
                zipped.writestr(name, content)
    return archive.getvalue()


def _agency(lang: str) -> bytes:
    header = ["agency_id", "agency_name", "agency_url", "agency_timezone", "agency_lang"]
    header += ["agency_phone", "agency_fare_url", "agency_email"]
    rows = (
        [a.gtfs_id, getattr(a, f"name_{lang}"), a.url, a.timezone, a.lang, a.phone]
        + [a.fare_url, a.email]
        for a in m.Agency.objects.order_by("gtfs_id")
    )
    return csv_bytes(header, rows)


def _stops(lang: str) -> bytes:
    header = ["stop_id", "stop_code", "stop_name", "stop_desc", "stop_lat", "stop_lon"]
    header += ["zone_id", "stop_url", "location_type", "parent_station"]
    header += ["wheelchair_boarding", "platform_code"]
    stops = m.Stop.objects.select_related("parent_station").order_by("gtfs_id")
    rows = (
        [s.gtfs_id, s.code, getattr(s, f"name_{lang}"), s.description]
        + [_number(s.latitude), _number(s.longitude), s.zone_id, s.url, s.location_type]
        + [s.parent_station.gtfs_id if s.parent_station else "", s.wheelchair_boarding]
        + [s.platform_code]
        for s in stops
    )
    return csv_bytes(header, rows)


def _routes(lang: str) -> bytes:
    header = ["route_id", "agency_id", "route_short_name", "route_long_name", "route_desc"]
    header += ["route_type", "route_url", "route_color", "route_text_color", "route_sort_order"]
    routes = m.Route.objects.select_related("agency").order_by("gtfs_id")
    rows = (
        [r.gtfs_id, r.agency.gtfs_id, r.short_name, getattr(r, f"long_name_{lang}")]
        + [getattr(r, f"description_{lang}"), r.route_type, r.url, r.color, r.text_color]
        + [r.sort_order]
        for r in routes
    )
    return csv_bytes(header, rows)


def _trips(lang: str) -> bytes:
    header = ["route_id", "service_id", "trip_id", "trip_headsign", "trip_short_name"]
    header += ["direction_id", "block_id", "shape_id", "wheelchair_accessible", "bikes_allowed"]
    trips = m.Trip.objects.select_related("route", "service", "shape").order_by("gtfs_id")
    rows = (
        [t.route.gtfs_id, t.service.gtfs_id, t.gtfs_id, getattr(t, f"headsign_{lang}")]
        + [t.short_name, t.direction_id, t.block_id, t.shape.gtfs_id if t.shape else ""]
        + [t.wheelchair_accessible, t.bikes_allowed]
        for t in trips
    )
    return csv_bytes(header, rows)


def _stop_times() -> bytes:
    header = ["trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence"]
    header += ["stop_headsign", "pickup_type", "drop_off_type", "shape_dist_traveled", "timepoint"]
    calls = m.StopTime.objects.order_by("trip__gtfs_id", "stop_sequence").values_list(
        "trip__gtfs_id",
        "arrival_time",
        "departure_time",
        "stop__gtfs_id",
        "stop_sequence",
        "stop_headsign",
        "pickup_type",
        "drop_off_type",
        "shape_dist_traveled",
        "timepoint",
    )
    rows = (
        [trip, _time(arrival), _time(departure), stop, seq, sign, pickup, drop, _number(dist)]
        + [int(tp)]
        for trip, arrival, departure, stop, seq, sign, pickup, drop, dist, tp in calls.iterator()
    )
    return csv_bytes(header, rows)


def _calendars() -> dict[str, bytes | None]:
    services = m.Service.objects.filter(start_date__isnull=False).order_by("gtfs_id")
    calendar = csv_bytes(
        ["service_id", *DAYS, "start_date", "end_date"],
        (
            [s.gtfs_id, *(int(getattr(s, day)) for day in DAYS), _date(s.start_date)]
            + [_date(s.end_date)]
            for s in services
        ),
    )
    dates = m.CalendarDate.objects.order_by("service__gtfs_id", "date")
    calendar_dates = csv_bytes(
        ["service_id", "date", "exception_type"],
        (
            [d.service.gtfs_id, _date(d.date), d.exception_type]
            for d in dates.select_related("service")
        ),
    )
    return {
        "calendar.txt": calendar if services.exists() else None,
        "calendar_dates.txt": calendar_dates if dates.exists() else None,
    }


def _shapes() -> bytes | None:
    points = m.ShapePoint.objects.order_by("shape__gtfs_id", "sequence")
    if not points.exists():
        return None
    header = [
        "shape_id",
        "shape_pt_lat",
        "shape_pt_lon",
        "shape_pt_sequence",
        "shape_dist_traveled",
    ]
    rows = (
        [shape, _number(lat), _number(lon), seq, _number(dist)]
        for shape, lat, lon, seq, dist in points.values_list(
            "shape__gtfs_id", "latitude", "longitude", "sequence", "dist_traveled"
        ).iterator(chunk_size=5000)
    )
    return csv_bytes(header, rows)


def _frequencies() -> bytes | None:
    intervals = m.Frequency.objects.select_related("trip").order_by("trip__gtfs_id", "start_time")
    if not intervals.exists():
        return None
    rows = (
        [f.trip.gtfs_id, time_format(f.start_time), time_format(f.end_time), f.headway_secs]
        + [int(f.exact_times)]
        for f in intervals
    )
    return csv_bytes(["trip_id", "start_time", "end_time", "headway_secs", "exact_times"], rows)


def _feed_info(info: m.FeedInfo) -> bytes:
    header = ["feed_publisher_name", "feed_publisher_url", "feed_lang", "default_lang"]
    header += ["feed_start_date", "feed_end_date", "feed_version", "feed_contact_email"]
    header += ["feed_contact_url"]
    row = [info.publisher_name, info.publisher_url, info.lang, info.default_lang]
    row += [_date(info.start_date), _date(info.end_date), info.version, info.contact_email]
    row += [info.contact_url]
    return csv_bytes(header, [row])


def _translations(lang: str) -> bytes | None:
    """Texts in the platform's other languages, keyed by record (GTFS translations.txt)."""
    tables = (
        ("agency", "agency_name", m.Agency, "name"),
        ("stops", "stop_name", m.Stop, "name"),
        ("routes", "route_long_name", m.Route, "long_name"),
        ("routes", "route_desc", m.Route, "description"),
        ("trips", "trip_headsign", m.Trip, "headsign"),
    )
    rows = []
    for table, gtfs_field, model, field in tables:
        others = [language for language in LANGUAGES if language != lang]
        columns = ["gtfs_id", f"{field}_{lang}", *(f"{field}_{other}" for other in others)]
        for gtfs_id, original, *texts in model.objects.order_by("gtfs_id").values_list(*columns):
            for other, text in zip(others, texts, strict=True):
                if text and original and text != original:
                    rows.append([table, gtfs_field, other, text, gtfs_id])
    if not rows:
        return None
    return csv_bytes(["table_name", "field_name", "language", "translation", "record_id"], rows)
