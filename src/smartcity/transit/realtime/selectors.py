"""Reads of the realtime side: live vehicles, a stop's next arrivals, punctuality."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from smartcity.transit.models import Route, Stop, Trip
from smartcity.transit.realtime import feeds, schedule
from smartcity.transit.realtime.models import StopArrival
from smartcity.transit.realtime.prediction import CITY_TZ

# On time: at most one minute early and three minutes late (the window most European
# operators and the Transit ETA benchmark's short bucket use).
ON_TIME_EARLY_S = 60
ON_TIME_LATE_S = 180
BOARD_MINUTES = 60


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


def _live_at(stop: Stop, now: datetime.datetime) -> list[tuple]:
    """(run, predicted arrival at `stop` or None when passed, vehicle) of tracked runs."""
    out = []
    for run in feeds.fresh_runs(now):
        plan = feeds.run_plan_of(run)
        if plan is None or stop.gtfs_id not in {c.stop_id for c in plan.calls}:
            continue
        when = next(
            (p.arrival for p in feeds.run_predictions(run, plan, now) if p.stop_id == stop.gtfs_id),
            None,
        )
        out.append((plan, when, run.vehicle.label or run.vehicle.ref))
    return out


@dataclass(frozen=True)
class BoardRow:
    route: Route
    headsign: str
    when: datetime.datetime
    minutes: int
    live: bool
    vehicle: str


def stop_board(stop: Stop, now: datetime.datetime, limit: int = 10) -> list[BoardRow]:
    """The next arrivals at `stop` within the hour: live predictions of tracked vehicles,
    and the timetable for runs no vehicle is on."""
    routes = {r.gtfs_id: r for r in Route.objects.all()}
    headsigns = dict(Trip.objects.values_list("gtfs_id", "headsign"))
    horizon = now.timestamp() + BOARD_MINUTES * 60
    rows: list[BoardRow] = []
    tracked: set[str] = set()

    def add(plan, when: float, live: bool, vehicle: str = "") -> None:  # noqa: ANN001
        if now.timestamp() - 30 <= when <= horizon and plan.route_id in routes:
            rows.append(
                BoardRow(
                    routes[plan.route_id],
                    headsigns.get(plan.trip_id, ""),
                    datetime.datetime.fromtimestamp(when, CITY_TZ),
                    max(0, round((when - now.timestamp()) / 60)),
                    live,
                    vehicle,
                )
            )

    for plan, when, vehicle in _live_at(stop, now):
        tracked.add(plan.run_id)
        if when is not None:
            add(plan, when, True, vehicle)
    seen = set()
    for moment in (now.timestamp(), now.timestamp() + 1800):
        for plan in schedule.runs_around(moment):
            if plan.run_id not in tracked and plan.run_id not in seen:
                seen.add(plan.run_id)
                for call in plan.calls[:-1]:
                    if call.stop_id == stop.gtfs_id:
                        add(plan, call.departure, False)
    rows.sort(key=lambda r: (r.when, not r.live, r.route.gtfs_id))
    return rows[:limit]


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
