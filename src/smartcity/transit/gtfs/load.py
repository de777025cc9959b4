"""Writing a checked feed into the database, replacing the previous one."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from smartcity.transit import models as m
from smartcity.transit.gtfs.reader import FeedTables, Row

LANGUAGES = ("ro", "ru", "en")
# Any constant unique in the project; names the advisory lock of GTFS imports.
FEED_LOCK = 4_101_001
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def feed_language(feed: FeedTables) -> str:
    """The language the feed's own texts are in: feed_info's, the agency's, else Romanian."""
    candidates = [row["feed_lang"] for row in feed.rows("feed_info.txt")]
    candidates += [row["default_lang"] for row in feed.rows("feed_info.txt")]
    candidates += [row["agency_lang"] for row in feed.rows("agency.txt")]
    for language in candidates:
        if language and language.split("-")[0] in LANGUAGES:
            return language.split("-")[0]
    return "ro"


def _texts(feed: FeedTables, lang: str) -> dict[tuple[str, str], dict[str, str]]:
    """(model field, GTFS id) → {language: text}: the feed's text and its translations."""
    found: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    by_value: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for row in feed.rows("translations.txt"):
        language = row["language"].split("-")[0]
        if language not in LANGUAGES or language == lang:
            continue
        key = (row["table_name"], row["field_name"])
        if row["record_id"]:
            found[(key[1], row["record_id"])][language] = row["translation"]
        elif row["field_value"]:
            by_value[(key[1], row["field_value"])][language] = row["translation"]
    return found | {("=" + field, value): texts for (field, value), texts in by_value.items()}


def _translated(
    texts: dict[tuple[str, str], dict[str, str]],
    field: str,
    gtfs_field: str,
    record: str,
    value: Any,
    lang: str,
) -> dict[str, str]:
    value = value or ""
    variants = {lang: value}
    variants |= texts.get(("=" + gtfs_field, value), {}) if value else {}
    variants |= texts.get((gtfs_field, record), {})
    values = {f"{field}_{language}": variants.get(language, "") for language in LANGUAGES}
    values[f"{field}_{lang}"] = value
    return values


def feed_replace(
    feed: FeedTables, *, source: str, illustrative: bool, notice: dict[str, str]
) -> dict[str, int]:
    """Replace the current feed by `feed` (already checked) in one transaction.

    Agencies, routes and stops are updated in place by their GTFS id so service alerts
    naming them survive a new feed; everything else is replaced. Returns row counts.
    """
    lang = feed_language(feed)
    texts = _texts(feed, lang)
    with transaction.atomic():
        _lock()
        m.FeedInfo.objects.all().delete()
        m.Trip.objects.all().delete()
        m.Service.objects.all().delete()
        m.Shape.objects.all().delete()
        agencies = _agencies_load(feed, texts, lang)
        routes = _routes_load(feed, texts, lang, agencies)
        stops = _stops_load(feed, texts, lang)
        services = _services_load(feed)
        shapes = _shapes_load(feed)
        trips = _trips_load(feed, texts, lang, routes, services, shapes)
        _stop_times_load(feed, trips, stops)
        m.Frequency.objects.bulk_create(
            m.Frequency(
                trip_id=trips[row["trip_id"]],
                start_time=row["start_time"],
                end_time=row["end_time"],
                headway_secs=row["headway_secs"],
                exact_times=row["exact_times"] == 1,
            )
            for row in feed.rows("frequencies.txt")
        )
        _feed_info_load(feed, source=source, illustrative=illustrative, notice=notice, lang=lang)
    return {name: len(feed.rows(name)) for name in feed.tables}


def _lock() -> None:
    """Serialise imports: two at once would interleave their deletes and inserts.

    SQLite's IMMEDIATE transactions already serialise writers; PostgreSQL takes a
    transaction-scoped advisory lock (released at commit or rollback).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FEED_LOCK])


def _upsert(model: Any, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Update or create by gtfs_id, delete the others; → gtfs_id: primary key."""
    existing = dict(model.objects.values_list("gtfs_id", "pk"))
    keep: dict[str, int] = {}
    fresh = []
    for values in rows:
        pk = existing.get(values["gtfs_id"])
        if pk is None:
            fresh.append(model(**values))
        else:
            model.objects.filter(pk=pk).update(**values)
            keep[values["gtfs_id"]] = pk
    model.objects.exclude(pk__in=keep.values()).delete()
    for instance in model.objects.bulk_create(fresh):
        keep[instance.gtfs_id] = instance.pk
    if any(v is None for v in keep.values()):  # backends without RETURNING ids
        keep = dict(model.objects.values_list("gtfs_id", "pk"))
    return keep


def _agencies_load(feed: FeedTables, texts: dict, lang: str) -> dict[str | None, int]:
    rows = []
    for row in feed.rows("agency.txt"):
        gtfs_id = row["agency_id"] or "1"
        rows.append(
            {
                "gtfs_id": gtfs_id,
                "url": row["agency_url"],
                "timezone": row["agency_timezone"],
                "lang": row["agency_lang"] or "",
                "phone": row["agency_phone"] or "",
                "fare_url": row["agency_fare_url"] or "",
                "email": row["agency_email"] or "",
                **_translated(texts, "name", "agency_name", gtfs_id, row["agency_name"], lang),
            }
        )
    # Routes go first: agencies are protected while routes point at them.
    m.Route.objects.exclude(agency__gtfs_id__in=[r["gtfs_id"] for r in rows]).delete()
    keys: dict[str | None, int] = {}
    keys.update(_upsert(m.Agency, rows))
    if len(rows) == 1:
        keys[None] = keys[rows[0]["gtfs_id"]]
    return keys


def _routes_load(feed: FeedTables, texts: dict, lang: str, agencies: dict) -> dict[str, int]:
    rows = []
    for row in feed.rows("routes.txt"):
        route_id = row["route_id"]
        rows.append(
            {
                "gtfs_id": route_id,
                "agency_id": agencies[row["agency_id"]],
                "short_name": row["route_short_name"] or "",
                "route_type": row["route_type"],
                "url": row["route_url"] or "",
                "color": row["route_color"] or "",
                "text_color": row["route_text_color"] or "",
                "sort_order": row["route_sort_order"],
                **_translated(
                    texts, "long_name", "route_long_name", route_id, row["route_long_name"], lang
                ),
                **_translated(
                    texts, "description", "route_desc", route_id, row["route_desc"], lang
                ),
            }
        )
    return _upsert(m.Route, rows)


def _stops_load(feed: FeedTables, texts: dict, lang: str) -> dict[str, int]:
    rows = []
    for row in feed.rows("stops.txt"):
        stop_id = row["stop_id"]
        rows.append(
            {
                "gtfs_id": stop_id,
                "code": row["stop_code"] or "",
                "description": row["stop_desc"] or "",
                "latitude": row["stop_lat"],
                "longitude": row["stop_lon"],
                "zone_id": row["zone_id"] or "",
                "url": row["stop_url"] or "",
                "location_type": row["location_type"] or 0,
                "parent_station": None,
                "wheelchair_boarding": row["wheelchair_boarding"] or 0,
                "platform_code": row["platform_code"] or "",
                **_translated(texts, "name", "stop_name", stop_id, row["stop_name"], lang),
            }
        )
    keys = _upsert(m.Stop, rows)
    for row in feed.rows("stops.txt"):
        if row["parent_station"]:
            m.Stop.objects.filter(pk=keys[row["stop_id"]]).update(
                parent_station_id=keys[row["parent_station"]]
            )
    return keys


def _services_load(feed: FeedTables) -> dict[str, int]:
    services: dict[str, m.Service] = {}
    for row in feed.rows("calendar.txt"):
        services[row["service_id"]] = m.Service(
            gtfs_id=row["service_id"],
            start_date=row["start_date"],
            end_date=row["end_date"],
            **{day: row[day] == 1 for day in DAYS},
        )
    for row in feed.rows("calendar_dates.txt"):
        services.setdefault(row["service_id"], m.Service(gtfs_id=row["service_id"]))
    m.Service.objects.bulk_create(services.values())
    keys = dict(m.Service.objects.values_list("gtfs_id", "pk"))
    m.CalendarDate.objects.bulk_create(
        m.CalendarDate(
            service_id=keys[row["service_id"]],
            date=row["date"],
            exception_type=row["exception_type"],
        )
        for row in feed.rows("calendar_dates.txt")
    )
    return keys


def _shapes_load(feed: FeedTables) -> dict[str, int]:
    shape_ids = sorted({row["shape_id"] for row in feed.rows("shapes.txt")})
    m.Shape.objects.bulk_create(m.Shape(gtfs_id=shape_id) for shape_id in shape_ids)
    keys = dict(m.Shape.objects.values_list("gtfs_id", "pk"))
    m.ShapePoint.objects.bulk_create(
        (
            m.ShapePoint(
                shape_id=keys[row["shape_id"]],
                sequence=row["shape_pt_sequence"],
                latitude=row["shape_pt_lat"],
                longitude=row["shape_pt_lon"],
                dist_traveled=row["shape_dist_traveled"],
            )
            for row in feed.rows("shapes.txt")
        ),
        batch_size=2000,
    )
    return keys


def _trips_load(
    feed: FeedTables, texts: dict, lang: str, routes: dict, services: dict, shapes: dict
) -> dict[str, int]:
    m.Trip.objects.bulk_create(
        (
            m.Trip(
                gtfs_id=row["trip_id"],
                route_id=routes[row["route_id"]],
                service_id=services[row["service_id"]],
                short_name=row["trip_short_name"] or "",
                direction_id=row["direction_id"],
                block_id=row["block_id"] or "",
                shape_id=shapes.get(row["shape_id"]),
                wheelchair_accessible=row["wheelchair_accessible"] or 0,
                bikes_allowed=row["bikes_allowed"] or 0,
                **_translated(
                    texts, "headsign", "trip_headsign", row["trip_id"], row["trip_headsign"], lang
                ),
            )
            for row in feed.rows("trips.txt")
        ),
        batch_size=2000,
    )
    return dict(m.Trip.objects.values_list("gtfs_id", "pk"))


def _stop_times_load(feed: FeedTables, trips: dict, stops: dict) -> None:
    def build(row: Row) -> m.StopTime:
        return m.StopTime(
            trip_id=trips[row["trip_id"]],
            stop_sequence=row["stop_sequence"],
            stop_id=stops[row["stop_id"]],
            arrival_time=row["arrival_time"],
            departure_time=row["departure_time"],
            stop_headsign=row["stop_headsign"] or "",
            pickup_type=row["pickup_type"] or 0,
            drop_off_type=row["drop_off_type"] or 0,
            shape_dist_traveled=row["shape_dist_traveled"],
            timepoint=row["timepoint"] != 0,
        )

    m.StopTime.objects.bulk_create(map(build, feed.rows("stop_times.txt")), batch_size=2000)


def _feed_info_load(
    feed: FeedTables, *, source: str, illustrative: bool, notice: dict[str, str], lang: str
) -> None:
    rows = feed.rows("feed_info.txt")
    row = rows[0] if rows else Row(0, {})
    agency = feed.rows("agency.txt")[0]
    m.FeedInfo.objects.create(
        publisher_name=row["feed_publisher_name"] or agency["agency_name"],
        publisher_url=row["feed_publisher_url"] or agency["agency_url"],
        lang=row["feed_lang"] or lang,
        default_lang=row["default_lang"] or "",
        start_date=row["feed_start_date"],
        end_date=row["feed_end_date"],
        version=row["feed_version"] or "",
        contact_email=row["feed_contact_email"] or "",
        contact_url=row["feed_contact_url"] or "",
        is_illustrative=illustrative,
        source=source[:255],
        imported_at=timezone.now(),
        **{f"notice_{language}": notice.get(language, "") for language in LANGUAGES},
    )
