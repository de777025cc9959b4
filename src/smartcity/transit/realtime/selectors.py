"""Reads of the realtime side: live vehicles, a stop's next arrivals, punctuality."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone

from smartcity.transit.models import Route, Stop
from smartcity.transit.realtime import arrivals, feeds
from smartcity.transit.realtime.arrivals import BOARD_LIMIT, BoardRow
from smartcity.transit.realtime.models import StopArrival, VehicleRun
from smartcity.transit.realtime.prediction import CITY_TZ

# On time: at most one minute early and three minutes late (the window most European
# operators and the Transit ETA benchmark's short bucket use).
ON_TIME_EARLY_S = 60
ON_TIME_LATE_S = 180


def live_vehicles(now: datetime.datetime) -> list[dict]:
    routes = {r.gtfs_id: r for r in Route.objects.all()}
    out = []
    for run in feeds.fresh_runs(now):
        plan = feeds.run_plan_of(run)
        route = routes.get(plan.route_id) if plan else None
        out.append(
            {
                "vehicle": run.vehicle.ref,
                "label": run.vehicle.label or run.vehicle.ref,
                "lat": run.latitude,
                "lon": run.longitude,
                "bearing": run.bearing,
                "route": route.gtfs_id if route else None,
                "line": route.short_name if route else None,
                "color": route.color if route else None,
                "trip": plan.trip_id if plan else None,
                "delay": round(run.delay) if plan else None,
                "off_route": run.off_route_fixes >= 3,
                "seen": run.observed_at.isoformat(),
            }
        )
    return out


def vehicles_for_open_data(now: datetime.datetime | None = None) -> Iterator[dict]:
    """The vehicles reporting now, matched or not: fleet number, line, trip, position
    and delay (a fleet number names a trolleybus, not a person)."""
    for vehicle in live_vehicles(now or timezone.now()):
        yield {
            "vehicle": vehicle["vehicle"],
            "line": vehicle["line"] or "",
            "route_id": vehicle["route"] or "",
            "trip_id": vehicle["trip"] or "",
            "latitude": round(vehicle["lat"], 6),
            "longitude": round(vehicle["lon"], 6),
            "bearing": vehicle["bearing"],
            "delay_s": vehicle["delay"],
            "observed_at": datetime.datetime.fromisoformat(vehicle["seen"]),
        }


def vehicles_count() -> int:
    return feeds.fresh_runs(timezone.now()).count()


def last_position_at() -> datetime.datetime | None:
    return VehicleRun.objects.aggregate(last=Max("observed_at"))["last"]


@dataclass(frozen=True)
class ServiceToday:
    in_service: int  # vehicles reporting now, on a run of the timetable
    reporting: int  # vehicles reporting now
    arrivals: int  # stop arrivals recorded since local midnight
    on_time: int

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.arrivals if self.arrivals else None


def service_today(now: datetime.datetime) -> ServiceToday:
    """Vehicles in service now and today's punctuality (on time: −1 to +3 minutes)."""
    runs = feeds.fresh_runs(now)
    midnight = datetime.datetime.combine(now.astimezone(CITY_TZ).date(), datetime.time(), CITY_TZ)
    cell = PunctualityCell()
    for arrived, scheduled in StopArrival.objects.filter(
        arrived_at__gte=midnight, arrived_at__lte=now
    ).values_list("arrived_at", "scheduled_at"):
        delay = (arrived - scheduled).total_seconds()
        cell.arrivals += 1
        cell.on_time += -ON_TIME_EARLY_S <= delay <= ON_TIME_LATE_S
    return ServiceToday(
        in_service=runs.filter(trip__isnull=False).count(),
        reporting=runs.count(),
        arrivals=cell.arrivals,
        on_time=cell.on_time,
    )


def stop_board(stop: Stop, now: datetime.datetime, limit: int = BOARD_LIMIT) -> list[BoardRow]:
    """The next arrivals at `stop` within the hour (see `arrivals.board_compute`), as
    computed once per refresh for every process."""
    return arrivals.stop_board(stop, now, limit)


def board_refresh(now: datetime.datetime) -> dict[str, int]:
    """What a rendered board is kept by: its refresh slot, and the slot's length."""
    return {"slot": arrivals.refresh_slot(now), "refresh_s": arrivals.REFRESH_S}


@dataclass
class PunctualityCell:
    arrivals: int = 0
    on_time: int = 0

    @property
    def share(self) -> float | None:
        return None if not self.arrivals else self.on_time / self.arrivals


def punctuality(since: datetime.datetime, until: datetime.datetime) -> dict:
    """On-time share by line and local hour over the recorded arrivals in the period."""
    cells: dict[str, dict[int, PunctualityCell]] = defaultdict(lambda: defaultdict(PunctualityCell))
    totals: dict[str, PunctualityCell] = defaultdict(PunctualityCell)
    rows = StopArrival.objects.filter(arrived_at__gte=since, arrived_at__lt=until).values_list(
        "route_ref", "arrived_at", "scheduled_at"
    )
    names = dict(Route.objects.values_list("gtfs_id", "short_name"))
    for route_ref, arrived, scheduled in rows:
        line = names.get(route_ref) or route_ref
        delay = (arrived - scheduled).total_seconds()
        on_time = -ON_TIME_EARLY_S <= delay <= ON_TIME_LATE_S
        hour = arrived.astimezone(CITY_TZ).hour
        for cell in (cells[line][hour], totals[line]):
            cell.arrivals += 1
            cell.on_time += on_time
    hours = sorted({h for by_hour in cells.values() for h in by_hour})
    lines = sorted(cells, key=lambda name: (len(name), name))
    return {
        "hours": hours,
        "lines": [
            {"line": line, "total": totals[line], "cells": [cells[line].get(h) for h in hours]}
            for line in lines
        ],
    }
