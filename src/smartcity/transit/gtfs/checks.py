"""Checks across a feed's files: unique ids, references, times in order, intervals."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from smartcity.transit.gtfs.reader import FeedTables, Row


def feed_check(feed: FeedTables) -> None:
    """Add to `feed.problems` everything that would make the feed inconsistent."""
    agencies = _unique(feed, "agency.txt", "agency_id", optional=True)
    stops = _unique(feed, "stops.txt", "stop_id")
    routes = _unique(feed, "routes.txt", "route_id")
    trips = _unique(feed, "trips.txt", "trip_id")
    calendar = _unique(feed, "calendar.txt", "service_id")
    shapes = {row["shape_id"] for row in feed.rows("shapes.txt")}
    services = calendar | {row["service_id"] for row in feed.rows("calendar_dates.txt")}
    _agencies_check(feed, agencies)
    _stops_check(feed, stops)
    _references(feed, "trips.txt", "route_id", routes)
    _references(feed, "trips.txt", "service_id", services)
    _references(feed, "trips.txt", "shape_id", shapes)
    _references(feed, "stop_times.txt", "trip_id", trips)
    _references(feed, "stop_times.txt", "stop_id", stops)
    _references(feed, "frequencies.txt", "trip_id", trips)
    for row in feed.rows("calendar.txt"):
        if row["end_date"] < row["start_date"]:
            feed.problem(
                "calendar.txt", row.line, "end_date", _("The end date is before the start date.")
            )
    _stop_times_check(feed)
    _frequencies_check(feed)
    _shapes_check(feed)


def _unique(feed: FeedTables, file: str, key: str, *, optional: bool = False) -> set[str]:
    seen: set[str] = set()
    for row in feed.rows(file):
        value = row[key]
        if value is None and optional:
            continue
        if value in seen:
            feed.problem(file, row.line, key, _("“%(id)s” is used twice.") % {"id": value})
        seen.add(value)
    return seen


def _references(feed: FeedTables, file: str, key: str, known: set[str]) -> None:
    target = {
        "route_id": "routes.txt",
        "service_id": "calendar.txt",
        "shape_id": "shapes.txt",
        "trip_id": "trips.txt",
        "stop_id": "stops.txt",
        "agency_id": "agency.txt",
    }[key]
    for row in feed.rows(file):
        value = row[key]
        if value is not None and value not in known:
            feed.problem(
                file,
                row.line,
                key,
                _("“%(id)s” is not defined in %(file)s.") % {"id": value, "file": target},
            )


def _agencies_check(feed: FeedTables, agencies: set[str]) -> None:
    rows = feed.rows("agency.txt")
    if len(rows) > 1:
        for row in rows:
            if row["agency_id"] is None:
                feed.problem(
                    "agency.txt",
                    row.line,
                    "agency_id",
                    _("With several agencies, each needs an agency_id."),
                )
        for row in feed.rows("routes.txt"):
            if row["agency_id"] is None:
                feed.problem(
                    "routes.txt",
                    row.line,
                    "agency_id",
                    _("With several agencies, each route must name its agency."),
                )
    _references(feed, "routes.txt", "agency_id", agencies)
    for row in feed.rows("routes.txt"):
        if not row["route_short_name"] and not row["route_long_name"]:
            feed.problem(
                "routes.txt",
                row.line,
                "route_short_name",
                _("A route needs a short name or a long name."),
            )


def _stops_check(feed: FeedTables, stops: set[str]) -> None:
    stations = {row["stop_id"] for row in feed.rows("stops.txt") if row["location_type"] == 1}
    for row in feed.rows("stops.txt"):
        kind = row["location_type"] or 0
        if kind <= 2:
            for name in ("stop_name", "stop_lat", "stop_lon"):
                if row[name] is None:
                    feed.problem("stops.txt", row.line, name, _("A value is required."))
        parent = row["parent_station"]
        if parent is not None and parent not in stations:
            feed.problem(
                "stops.txt",
                row.line,
                "parent_station",
                _("“%(id)s” is not a station (location_type 1) in stops.txt.") % {"id": parent},
            )


def _by(feed: FeedTables, file: str, key: str) -> dict[str, list[Row]]:
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in feed.rows(file):
        groups[row[key]].append(row)
    return groups


def _stop_times_check(feed: FeedTables) -> None:
    calls = _by(feed, "stop_times.txt", "trip_id")
    for trip in feed.rows("trips.txt"):
        if len(calls.get(trip["trip_id"], [])) < 2:
            feed.problem(
                "trips.txt", trip.line, "trip_id", _("A trip needs at least two stop times.")
            )
    for rows in calls.values():
        rows.sort(key=lambda row: row["stop_sequence"])
        for edge in (rows[0], rows[-1]):
            if edge["arrival_time"] is None and edge["departure_time"] is None:
                feed.problem(
                    "stop_times.txt",
                    edge.line,
                    "arrival_time",
                    _("The first and last stop of a trip need times."),
                )
        previous: Row | None = None
        latest = 0
        for row in rows:
            arrival, departure = row["arrival_time"], row["departure_time"]
            if previous is not None and row["stop_sequence"] == previous["stop_sequence"]:
                feed.problem(
                    "stop_times.txt",
                    row.line,
                    "stop_sequence",
                    _("This sequence number is used twice."),
                )
            if arrival is not None and departure is not None and departure < arrival:
                feed.problem(
                    "stop_times.txt",
                    row.line,
                    "departure_time",
                    _("The departure is before the arrival."),
                )
            first = arrival if arrival is not None else departure
            if first is not None and first < latest:
                feed.problem(
                    "stop_times.txt",
                    row.line,
                    "arrival_time",
                    _("The time is earlier than at the stop before."),
                )
            latest = max(latest, departure if departure is not None else first or 0)
            previous = row


def _frequencies_check(feed: FeedTables) -> None:
    for trip_id, rows in _by(feed, "frequencies.txt", "trip_id").items():
        rows.sort(key=lambda row: row["start_time"])
        end = -1
        for row in rows:
            if row["end_time"] <= row["start_time"]:
                feed.problem(
                    "frequencies.txt",
                    row.line,
                    "end_time",
                    _("The end time must be after the start time."),
                )
            elif row["start_time"] < end:
                feed.problem(
                    "frequencies.txt",
                    row.line,
                    "start_time",
                    _("This interval overlaps another one of trip “%(id)s”.") % {"id": trip_id},
                )
            end = max(end, row["end_time"])


def _shapes_check(feed: FeedTables) -> None:
    for rows in _by(feed, "shapes.txt", "shape_id").values():
        rows.sort(key=lambda row: row["shape_pt_sequence"])
        if len(rows) < 2:
            feed.problem(
                "shapes.txt", rows[0].line, "shape_id", _("A shape needs at least two points.")
            )
        sequences = [row["shape_pt_sequence"] for row in rows]
        for row, before in zip(rows[1:], sequences, strict=False):
            if row["shape_pt_sequence"] == before:
                feed.problem(
                    "shapes.txt",
                    row.line,
                    "shape_pt_sequence",
                    _("This sequence number is used twice."),
                )
