"""A two-direction line in the database, on the shapes of `lines`."""

from __future__ import annotations

import datetime

from smartcity.transit.models import (
    Agency,
    Route,
    Service,
    Shape,
    ShapePoint,
    Stop,
    StopTime,
    Trip,
)
from smartcity.transit.realtime import history, schedule
from smartcity.transit.realtime.demo import LiveSimulator
from smartcity.transit.realtime.services import vehicle_register

from .lines import MONDAY_8, straight, when

MIDNIGHT_UTC_OFFSET = 2 * 3600  # Europe/Chisinau in winter


def line_create(*, first_departure: str = "08:00:00", runs: int = 1, headway: int = 600) -> Route:
    """Line 3 with stops A0–A6 west to east (direction 0) and back (direction 1), each
    run 80 s per stop (60 s driving, 20 s standing), every day from 2020 to 2039."""
    schedule.templates_forget()
    history.history_forget()
    agency = Agency.objects.create(gtfs_id="BALTI", name="Troleibuze Bălți", url="https://balti.md")
    route = Route.objects.create(
        gtfs_id="L3", agency=agency, short_name="3", long_name="Test", route_type=11, color="1565C0"
    )
    service = Service.objects.create(
        gtfs_id="ALL",
        **{
            day: True
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
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2039, 12, 31),
    )
    points = straight()
    stops = []
    for i in range(7):
        lat = points[0][0]
        lon = points[0][1] + (points[-1][1] - points[0][1]) * i / 6
        stops.append(
            Stop.objects.create(gtfs_id=f"A{i}", name=f"Stop {i}", latitude=lat, longitude=lon)
        )
    h, m, s = (int(x) for x in first_departure.split(":"))
    start = h * 3600 + m * 60 + s
    for direction, ordered in ((0, stops), (1, stops[::-1])):
        shape = Shape.objects.create(gtfs_id=f"S{direction}")
        seq_points = points if direction == 0 else points[::-1]
        for n, (lat, lon) in enumerate(seq_points):
            ShapePoint.objects.create(shape=shape, sequence=n, latitude=lat, longitude=lon)
        for r in range(runs):
            trip = Trip.objects.create(
                gtfs_id=f"L3-{direction}-{r}",
                route=route,
                service=service,
                shape=shape,
                direction_id=direction,
                headsign=ordered[-1].name,
            )
            clock = start + r * headway
            for n, stop in enumerate(ordered):
                departure = clock + (20 if 0 < n < 6 else 0)
                StopTime.objects.create(
                    trip=trip,
                    stop=stop,
                    stop_sequence=n + 1,
                    arrival_time=clock,
                    departure_time=departure,
                )
                clock = departure + 60
    return route


def vehicle_create(ref: str = "TB-201"):  # noqa: ANN201
    return vehicle_register(ref=ref, label=ref.split("-")[-1])


def morning_simulate() -> datetime.datetime:
    """Line 3 with six runs ten minutes apart from 08:00 on Monday, driven by the demo's
    simulator (seed 7) for twelve ticks of 15 s from 08:11:40; returns a moment 5 s after
    the last tick, when several runs are under way."""
    line_create(runs=6, headway=600)
    simulator = LiveSimulator(seed=7)
    for k in range(12):
        simulator.tick(when(MONDAY_8 + 700 + 15 * k))
    return when(MONDAY_8 + 700 + 15 * 11 + 5)
