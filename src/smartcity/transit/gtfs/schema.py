"""The GTFS files and fields the platform reads, with a parser per field type.

Each parser turns the text of a cell into a value or raises ValueError with a message
for the person who made the feed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils.translation import gettext as _

from smartcity.transit.gtfs.times import time_parse

Parser = Callable[[str], Any]


def text(value: str) -> str:
    return value


def url(value: str) -> str:
    if not re.match(r"^https?://\S+$", value):
        raise ValueError(_("must be a full web address starting with http:// or https://"))
    return value


def timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(_("must be a time zone such as Europe/Chisinau")) from None
    return value


def language(value: str) -> str:
    if not re.match(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$", value):
        raise ValueError(_("must be a language code such as ro or ru"))
    return value.lower()


def email(value: str) -> str:
    if not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", value):
        raise ValueError(_("must be an email address"))
    return value


def color(value: str) -> str:
    if not re.match(r"^[0-9A-Fa-f]{6}$", value):
        raise ValueError(_("must be a colour of six hexadecimal digits, such as 0055A4"))
    return value.upper()


def date(value: str) -> dt.date:
    try:
        return dt.datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        raise ValueError(_("must be a date written YYYYMMDD")) from None


def time(value: str) -> int:
    try:
        return time_parse(value)
    except ValueError:
        raise ValueError(_("must be a time written HH:MM:SS (hours may pass 24)")) from None


def _number(value: str, low: float, high: float) -> float:
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not low <= number <= high:
        raise ValueError(
            _("must be a number from %(low)s to %(high)s") % {"low": low, "high": high}
        )
    return number


def latitude(value: str) -> float:
    return _number(value, -90, 90)


def longitude(value: str) -> float:
    return _number(value, -180, 180)


def distance(value: str) -> float:
    return _number(value, 0, 1e9)


def whole(low: int, high: int) -> Parser:
    def parse(value: str) -> int:
        if not re.match(r"^-?\d+$", value) or not low <= int(value) <= high:
            raise ValueError(
                _("must be a whole number from %(low)s to %(high)s") % {"low": low, "high": high}
            )
        return int(value)

    return parse


def one_of(*allowed: int) -> Parser:
    def parse(value: str) -> int:
        if not re.match(r"^\d+$", value) or int(value) not in allowed:
            raise ValueError(
                _("must be one of %(values)s") % {"values": ", ".join(map(str, allowed))}
            )
        return int(value)

    return parse


@dataclass(frozen=True)
class Field:
    parse: Parser
    required: bool = False


@dataclass(frozen=True)
class FileSpec:
    name: str
    required: bool
    fields: dict[str, Field]


ROUTE_TYPES = (0, 1, 2, 3, 4, 5, 6, 7, 11, 12)
FLAG = one_of(0, 1)
ACCESS = one_of(0, 1, 2)

FILES: dict[str, FileSpec] = {
    spec.name: spec
    for spec in (
        FileSpec(
            "agency.txt",
            True,
            {
                "agency_id": Field(text),
                "agency_name": Field(text, True),
                "agency_url": Field(url, True),
                "agency_timezone": Field(timezone, True),
                "agency_lang": Field(language),
                "agency_phone": Field(text),
                "agency_fare_url": Field(url),
                "agency_email": Field(email),
            },
        ),
        FileSpec(
            "stops.txt",
            True,
            {
                "stop_id": Field(text, True),
                "stop_code": Field(text),
                "stop_name": Field(text),
                "stop_desc": Field(text),
                "stop_lat": Field(latitude),
                "stop_lon": Field(longitude),
                "zone_id": Field(text),
                "stop_url": Field(url),
                "location_type": Field(one_of(0, 1, 2, 3, 4)),
                "parent_station": Field(text),
                "wheelchair_boarding": Field(ACCESS),
                "platform_code": Field(text),
            },
        ),
        FileSpec(
            "routes.txt",
            True,
            {
                "route_id": Field(text, True),
                "agency_id": Field(text),
                "route_short_name": Field(text),
                "route_long_name": Field(text),
                "route_desc": Field(text),
                "route_type": Field(one_of(*ROUTE_TYPES), True),
                "route_url": Field(url),
                "route_color": Field(color),
                "route_text_color": Field(color),
                "route_sort_order": Field(whole(0, 2**31 - 1)),
            },
        ),
        FileSpec(
            "trips.txt",
            True,
            {
                "route_id": Field(text, True),
                "service_id": Field(text, True),
                "trip_id": Field(text, True),
                "trip_headsign": Field(text),
                "trip_short_name": Field(text),
                "direction_id": Field(FLAG),
                "block_id": Field(text),
                "shape_id": Field(text),
                "wheelchair_accessible": Field(ACCESS),
                "bikes_allowed": Field(ACCESS),
            },
        ),
        FileSpec(
            "stop_times.txt",
            True,
            {
                "trip_id": Field(text, True),
                "arrival_time": Field(time),
                "departure_time": Field(time),
                "stop_id": Field(text, True),
                "stop_sequence": Field(whole(0, 2**31 - 1), True),
                "stop_headsign": Field(text),
                "pickup_type": Field(one_of(0, 1, 2, 3)),
                "drop_off_type": Field(one_of(0, 1, 2, 3)),
                "shape_dist_traveled": Field(distance),
                "timepoint": Field(FLAG),
            },
        ),
        FileSpec(
            "calendar.txt",
            False,
            {
                "service_id": Field(text, True),
                **{
                    day: Field(FLAG, True)
                    for day in (
                        "monday",
                        "tuesday",
                        "wednesday",
                        "thursday",
                        "friday",
                        "saturday",
                        "sunday",
                    )
                },
                "start_date": Field(date, True),
                "end_date": Field(date, True),
            },
        ),
        FileSpec(
            "calendar_dates.txt",
            False,
            {
                "service_id": Field(text, True),
                "date": Field(date, True),
                "exception_type": Field(one_of(1, 2), True),
            },
        ),
        FileSpec(
            "shapes.txt",
            False,
            {
                "shape_id": Field(text, True),
                "shape_pt_lat": Field(latitude, True),
                "shape_pt_lon": Field(longitude, True),
                "shape_pt_sequence": Field(whole(0, 2**31 - 1), True),
                "shape_dist_traveled": Field(distance),
            },
        ),
        FileSpec(
            "frequencies.txt",
            False,
            {
                "trip_id": Field(text, True),
                "start_time": Field(time, True),
                "end_time": Field(time, True),
                "headway_secs": Field(whole(1, 86_400), True),
                "exact_times": Field(FLAG),
            },
        ),
        FileSpec(
            "feed_info.txt",
            False,
            {
                "feed_publisher_name": Field(text, True),
                "feed_publisher_url": Field(url, True),
                "feed_lang": Field(language, True),
                "default_lang": Field(language),
                "feed_start_date": Field(date),
                "feed_end_date": Field(date),
                "feed_version": Field(text),
                "feed_contact_email": Field(email),
                "feed_contact_url": Field(url),
            },
        ),
        FileSpec(
            "translations.txt",
            False,
            {
                "table_name": Field(text, True),
                "field_name": Field(text, True),
                "language": Field(language, True),
                "translation": Field(text, True),
                "record_id": Field(text),
                "record_sub_id": Field(text),
                "field_value": Field(text),
            },
        ),
    )
}
