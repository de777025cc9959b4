"""Public transport in the open data catalogue: the GTFS feed, the stops, and the
vehicles in service with the GTFS-Realtime feeds."""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from smartcity.opendata.registry import CC_BY_4, Column, Dataset, Distribution, dataset_register
from smartcity.transit import selectors
from smartcity.transit.realtime import selectors as realtime_selectors

GTFS_SPEC = "https://gtfs.org/documentation/schedule/reference/"
GTFS_RT_SPEC = "https://gtfs.org/documentation/realtime/reference/"

dataset_register(
    Dataset(
        slug="transit-gtfs",
        title=_("Public transport timetable (GTFS)"),
        description=_(
            "The trolleybus and bus lines of Bălți with their stops, trips, shapes and "
            "timetables, as a GTFS feed that journey planners read. The table lists the "
            "lines; the whole timetable is in the GTFS zip."
        ),
        themes=("TRAN",),
        keywords=(_("public transport"), _("timetable"), "GTFS"),
        licence=CC_BY_4,
        frequency="IRREG",
        columns=(
            Column("route_id", _("GTFS route_id")),
            Column("line", _("line")),
            Column("name", _("name")),
            Column("type", _("GTFS route type"), "integer"),
            Column("mode", _("mode")),
            Column("color", _("colour")),
        ),
        rows=selectors.routes_for_open_data,
        count=selectors.routes_count,
        modified=selectors.feed_imported_at,
        app_label="transit",
        distributions=(
            Distribution(
                "gtfs",
                _("GTFS feed (zip)"),
                "transit:gtfs_zip",
                "application/zip",
                "ZIP",
                conforms_to=GTFS_SPEC,
            ),
        ),
    )
)

dataset_register(
    Dataset(
        slug="transit-stops",
        title=_("Public transport stops"),
        description=_(
            "Every trolleybus and bus stop and station with its GTFS id, name and position."
        ),
        themes=("TRAN",),
        keywords=(_("public transport"), _("stops")),
        licence=CC_BY_4,
        frequency="IRREG",
        columns=(
            Column("stop_id", _("GTFS stop_id")),
            Column("code", _("stop code")),
            Column("name", _("name")),
            Column("latitude", _("latitude"), "number"),
            Column("longitude", _("longitude"), "number"),
            Column("station", _("station")),
            Column("wheelchair_boarding", _("wheelchair boarding (GTFS)"), "integer"),
        ),
        rows=selectors.stops_for_open_data,
        count=selectors.stops_count,
        located=True,
        modified=selectors.feed_imported_at,
        app_label="transit",
    )
)


def _realtime(key: str, title, url_name: str) -> tuple[Distribution, Distribution]:  # noqa: ANN001
    return (
        Distribution(
            key,
            title,
            url_name,
            "application/x-protobuf",
            "BIN",
            conforms_to=GTFS_RT_SPEC,
            iana=False,
        ),
        Distribution(
            f"{key}-json",
            format_lazy(_("{feed} (JSON)"), feed=title),
            url_name,
            "application/json",
            "JSON",
            query="format=json",
            conforms_to=GTFS_RT_SPEC,
        ),
    )


dataset_register(
    Dataset(
        slug="transit-vehicles",
        title=_("Trolleybuses and buses in service, in real time"),
        description=_(
            "The vehicles reporting their position now: line, trip, position and delay. "
            "The GTFS-Realtime feeds give the same vehicles, the predicted arrivals at "
            "every stop and the service alerts."
        ),
        themes=("TRAN",),
        keywords=(_("public transport"), _("real time"), "GTFS-Realtime"),
        licence=CC_BY_4,
        frequency="UPDATE_CONT",
        columns=(
            Column("vehicle", _("vehicle")),
            Column("line", _("line")),
            Column("route_id", _("GTFS route_id")),
            Column("trip_id", _("GTFS trip_id")),
            Column("latitude", _("latitude"), "number"),
            Column("longitude", _("longitude"), "number"),
            Column("bearing", _("bearing"), "number"),
            Column("delay_s", _("delay (seconds)"), "integer"),
            Column("observed_at", _("last reported"), "datetime"),
        ),
        rows=realtime_selectors.vehicles_for_open_data,
        count=realtime_selectors.vehicles_count,
        located=True,
        modified=realtime_selectors.last_position_at,
        app_label="transit",
        distributions=(
            *_realtime(
                "vehicle-positions",
                _("GTFS-Realtime vehicle positions"),
                "transit_realtime:vehicle_positions",
            ),
            *_realtime(
                "trip-updates",
                _("GTFS-Realtime trip updates"),
                "transit_realtime:trip_updates",
            ),
            *_realtime("alerts", _("GTFS-Realtime service alerts"), "transit_realtime:alerts"),
        ),
    )
)
