"""A GTFS zip of the test network, for the GTFS-Realtime validator's static side."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from smartcity.transit.models import (
    Agency,
    Frequency,
    Route,
    Service,
    ShapePoint,
    Stop,
    StopTime,
    Trip,
)


def _csv(rows: list[list]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _hms(s: int) -> str:
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def gtfs_zip_write(path: Path) -> Path:
    files = {
        "agency.txt": [["agency_id", "agency_name", "agency_url", "agency_timezone"]]
        + [[a.gtfs_id, a.name, a.url, a.timezone] for a in Agency.objects.all()],
        "routes.txt": [
            ["route_id", "agency_id", "route_short_name", "route_long_name", "route_type"]
        ]
        + [
            [r.gtfs_id, r.agency.gtfs_id, r.short_name, r.long_name, r.route_type]
            for r in Route.objects.all()
        ],
        "stops.txt": [["stop_id", "stop_name", "stop_lat", "stop_lon"]]
        + [[s.gtfs_id, s.name, s.latitude, s.longitude] for s in Stop.objects.all()],
        "calendar.txt": [
            [
                "service_id",
                "monday",
                "tuesday",
                "wednesday",
                "thursday",
                "friday",
                "saturday",
                "sunday",
                "start_date",
                "end_date",
            ]
        ]
        + [
            [
                s.gtfs_id,
                *(
                    int(getattr(s, d))
                    for d in (
                        "monday",
                        "tuesday",
                        "wednesday",
                        "thursday",
                        "friday",
                        "saturday",
                        "sunday",
                    )
                ),
                s.start_date.strftime("%Y%m%d"),
                s.end_date.strftime("%Y%m%d"),
            ]
            for s in Service.objects.all()
        ],
        "shapes.txt": [["shape_id", "shape_pt_lat", "shape_pt_lon", "shape_pt_sequence"]]
        + [
            [p.shape.gtfs_id, p.latitude, p.longitude, p.sequence]
            for p in ShapePoint.objects.select_related("shape")
        ],
        "trips.txt": [["route_id", "service_id", "trip_id", "direction_id", "shape_id"]]
        + [
            [t.route.gtfs_id, t.service.gtfs_id, t.gtfs_id, t.direction_id, t.shape.gtfs_id]
            for t in Trip.objects.select_related("route", "service", "shape")
        ],
        "stop_times.txt": [
            ["trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence"]
        ]
        + [
            [
                st.trip.gtfs_id,
                _hms(st.arrival_time),
                _hms(st.departure_time),
                st.stop.gtfs_id,
                st.stop_sequence,
            ]
            for st in StopTime.objects.select_related("trip", "stop")
        ],
    }
    frequencies = Frequency.objects.select_related("trip").order_by("trip__gtfs_id", "start_time")
    if frequencies:
        files["frequencies.txt"] = [
            ["trip_id", "start_time", "end_time", "headway_secs", "exact_times"]
        ] + [
            [
                f.trip.gtfs_id,
                _hms(f.start_time),
                _hms(f.end_time),
                f.headway_secs,
                int(f.exact_times),
            ]
            for f in frequencies
        ]
    with zipfile.ZipFile(path, "w") as archive:
        for name, rows in files.items():
            archive.writestr(name, _csv(rows))
    return path
