"""The Bălți demo feed: a GTFS zip generated from the line descriptions in
data/balti_lines.toml, imported like any other feed, and a sample service alert.

The feed is illustrative: it says so in feed_info, in every line's description and
on the pages (FeedInfo.is_illustrative).
"""

from __future__ import annotations

import datetime as dt
import io
import tomllib
import zipfile
from pathlib import Path
from typing import Any

from django.utils import timezone

from smartcity.devices.selectors import distance_m
from smartcity.transit import services
from smartcity.transit.gtfs.export import csv_bytes
from smartcity.transit.gtfs.times import time_format, time_parse
from smartcity.transit.models import AlertCause, AlertEffect, AlertSeverity, FeedInfo, Route, Stop

DATA = Path(__file__).parent / "data" / "balti_lines.toml"
LANGUAGES = ("ro", "ru", "en")
DWELL_SECONDS = 20
SERVICES = {"WD": (1, 1, 1, 1, 1, 0, 0), "WE": (0, 0, 0, 0, 0, 1, 1)}


def network_read(path: Path = DATA) -> dict[str, Any]:
    with path.open("rb") as file:
        return tomllib.load(file)


def _text(entry: dict[str, Any], language: str) -> str:
    return entry.get(language) or entry["ro"]


class _Feed:
    """Rows of each GTFS file, and translations, as the generator adds them."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[list[str], list[list[Any]]]] = {}
        self.translations: list[list[Any]] = []

    def add(self, name: str, header: list[str], row: list[Any]) -> None:
        self.files.setdefault(name, (header, []))[1].append(row)

    def translate(self, table: str, field: str, record: str, entry: dict[str, Any]) -> None:
        for language in ("ru", "en"):
            if entry.get(language) and entry[language] != entry["ro"]:
                self.translations.append([table, field, language, entry[language], record])

    def zip(self) -> bytes:
        if self.translations:
            header = ["table_name", "field_name", "language", "translation", "record_id"]
            self.files["translations.txt"] = (header, self.translations)
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
            for name, (header, rows) in self.files.items():
                zipped.writestr(name, csv_bytes(header, rows))
        return archive.getvalue()


def demo_feed_build(network: dict[str, Any], *, start: dt.date) -> bytes:
    """The GTFS zip of the demo network, valid from `start` for the configured days."""
    feed = _Feed()
    info = network["feed"]
    end = start + dt.timedelta(days=info["valid_days"] - 1)
    notice = {language: info[f"notice_{language}"] for language in LANGUAGES}
    for agency_id, agency in network["agencies"].items():
        feed.add(
            "agency.txt",
            ["agency_id", "agency_name", "agency_url", "agency_timezone", "agency_lang"]
            + ["agency_phone"],
            [agency_id, agency["ro"], agency["url"], "Europe/Chisinau", info["lang"]]
            + [agency["phone"]],
        )
        feed.translate("agency", "agency_name", agency_id, agency)
    for stop_id, stop in network["stops"].items():
        feed.add(
            "stops.txt",
            ["stop_id", "stop_name", "stop_lat", "stop_lon"],
            [stop_id, stop["ro"], *stop["at"]],
        )
        feed.translate("stops", "stop_name", stop_id, stop)
    _services_add(feed, info, start, end)
    for order, line in enumerate(network["lines"]):
        _line_add(feed, network, line, order, notice)
    feed.add(
        "feed_info.txt",
        ["feed_publisher_name", "feed_publisher_url", "feed_lang", "feed_start_date"]
        + ["feed_end_date", "feed_version", "feed_contact_email"],
        [info["publisher_name"], info["publisher_url"], info["lang"], f"{start:%Y%m%d}"]
        + [f"{end:%Y%m%d}", f"{info['version_prefix']}-{start:%Y%m%d}", info["contact_email"]],
    )
    return feed.zip()


def _services_add(feed: _Feed, info: dict[str, Any], start: dt.date, end: dt.date) -> None:
    header = ["service_id", "monday", "tuesday", "wednesday", "thursday", "friday"]
    header += ["saturday", "sunday", "start_date", "end_date"]
    for service_id, days in SERVICES.items():
        feed.add("calendar.txt", header, [service_id, *days, f"{start:%Y%m%d}", f"{end:%Y%m%d}"])
    day = start
    while day <= end:
        if f"{day:%m-%d}" in info["holidays"] and day.weekday() < 5:
            for service_id, kind in (("WD", 2), ("WE", 1)):
                feed.add(
                    "calendar_dates.txt",
                    ["service_id", "date", "exception_type"],
                    [service_id, f"{day:%Y%m%d}", kind],
                )
        day += dt.timedelta(days=1)


def _line_add(
    feed: _Feed, network: dict[str, Any], line: dict[str, Any], order: int, notice: dict
) -> None:
    mode = network["modes"][line["mode"]]
    route_id = line["id"]
    feed.add(
        "routes.txt",
        ["route_id", "agency_id", "route_short_name", "route_long_name", "route_desc"]
        + ["route_type", "route_color", "route_text_color", "route_sort_order"],
        [route_id, mode["agency"], line["short"], line["ro"], notice["ro"], mode["route_type"]]
        + [mode["color"], "FFFFFF", order],
    )
    feed.translate("routes", "route_long_name", route_id, line)
    feed.translate("routes", "route_desc", route_id, notice)
    for direction, path in enumerate((line["path"], line["path"][::-1])):
        shape_id = f"{route_id}-{direction}"
        calls = _shape_add(feed, network, shape_id, path)
        last = network["stops"][path[-1]]
        for service_id in SERVICES:
            profile = network["profiles"][line["weekday" if service_id == "WD" else "weekend"]]
            trip_id = f"{route_id}-{direction}-{service_id}"
            feed.add(
                "trips.txt",
                ["route_id", "service_id", "trip_id", "trip_headsign", "direction_id", "shape_id"],
                [route_id, service_id, trip_id, last["ro"], direction, shape_id],
            )
            feed.translate("trips", "trip_headsign", trip_id, last)
            _trip_times_add(feed, trip_id, calls, mode["kmh"], profile)


def _shape_add(
    feed: _Feed, network: dict[str, Any], shape_id: str, path: list[str]
) -> list[tuple[str, float]]:
    """Add the shape through the path's points; → (stop id, metres along) per stop."""
    calls: list[tuple[str, float]] = []
    travelled = 0.0
    previous: tuple[float, float] | None = None
    for sequence, key in enumerate(path):
        point = tuple(
            network["waypoints"][key] if key.startswith("~") else network["stops"][key]["at"]
        )
        if previous is not None:
            travelled += distance_m(*previous, *point)
        previous = point
        feed.add(
            "shapes.txt",
            [
                "shape_id",
                "shape_pt_lat",
                "shape_pt_lon",
                "shape_pt_sequence",
                "shape_dist_traveled",
            ],
            [shape_id, *point, sequence, round(travelled, 1)],
        )
        if not key.startswith("~"):
            calls.append((key, round(travelled, 1)))
    return calls


def _trip_times_add(
    feed: _Feed, trip_id: str, calls: list[tuple[str, float]], kmh: float, profile: list
) -> None:
    """A template trip from the first interval's start, repeated by frequencies.txt."""
    first = time_parse(profile[0][0] + ":00")
    seconds = 0.0
    for sequence, (stop_id, along) in enumerate(calls):
        if sequence:
            seconds += (along - calls[sequence - 1][1]) / (kmh / 3.6) + DWELL_SECONDS
        at = time_format(first + round(seconds / 60) * 60)
        feed.add(
            "stop_times.txt",
            ["trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence"]
            + ["shape_dist_traveled", "timepoint"],
            [trip_id, at, at, stop_id, sequence, along, 0],
        )
    for begin, until, minutes in profile:
        feed.add(
            "frequencies.txt",
            ["trip_id", "start_time", "end_time", "headway_secs", "exact_times"],
            [trip_id, begin + ":00", until + ":00", minutes * 60, 0],
        )


def transit_loaded() -> bool:
    return FeedInfo.objects.exists()


# The feed runs from this many days before today: the demo's history of runs
# (`realtime.demo.HISTORY_DAYS`) is simulated on the feed's timetable, and a feed that
# began on the 1st of the month left the days of the history before it without runs
# (on the 6th, three of its eight days).
PAST_DAYS = 30


def transit_load(*, today: dt.date | None = None) -> dict[str, int]:
    """Generate the demo feed from the line descriptions and import it (illustrative),
    with one sample alert (roadworks on str. Decebal)."""
    network = network_read()
    today = today or timezone.localdate()
    start = today - dt.timedelta(days=PAST_DAYS)
    notice = {language: network["feed"][f"notice_{language}"] for language in LANGUAGES}
    counts = services.feed_import(
        file=io.BytesIO(demo_feed_build(network, start=start)),
        source_name="Bălți demo network (illustrative)",
        illustrative=True,
        notice=notice,
    )
    _alert_add(today)
    return counts


def _alert_add(today: dt.date) -> None:
    begin = timezone.make_aware(dt.datetime.combine(today, dt.time(6)))
    services.alert_publish(
        header={
            "ro": "Lucrări pe str. Decebal (exemplu)",
            "ru": "Ремонт на ул. Дечебал (пример)",
            "en": "Roadworks on Decebal Street (example)",
        },
        description={
            "ro": "Stația „str. Decebal” este mutată cu 50 m spre nord. Date ilustrative.",
            "ru": "Остановка «ул. Дечебал» перенесена на 50 м к северу. Иллюстративные данные.",
            "en": "The Decebal St stop moves 50 m north. Illustrative data.",
        },
        cause=AlertCause.CONSTRUCTION,
        effect=AlertEffect.STOP_MOVED,
        severity=AlertSeverity.WARNING,
        active_from=begin,
        active_until=begin + dt.timedelta(days=14),
        routes=list(Route.objects.filter(gtfs_id__in=["T2", "T2A", "T3"])),
        stops=list(Stop.objects.filter(gtfs_id="DECEBAL")),
    )
