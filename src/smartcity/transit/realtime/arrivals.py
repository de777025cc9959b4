"""The predicted arrivals of the live vehicles and each stop's board, computed once per
refresh and shared by every process through the configured cache.

The board page, its polled rows, the arrivals API and the TripUpdates feed all read
the same two values: the predictions of every live run (`live_predictions`) and, built
from them and the timetable, a stop's next arrivals (`stop_board`). Each is computed at
most once per refresh slot of `REFRESH_S` — how often the live map and the feeds'
readers fetch vehicle positions anew — and shared by every process (see `sharing`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, replace

from smartcity.transit import selectors as transit_selectors
from smartcity.transit.models import Route, Stop, Trip
from smartcity.transit.realtime import feeds, history
from smartcity.transit.realtime.models import VehicleRun
from smartcity.transit.realtime.plans import TripPlan
from smartcity.transit.realtime.prediction import CITY_TZ, StopPrediction
from smartcity.transit.realtime.sharing import slot_shared

REFRESH_S = 10  # the live map's refresh and the feeds' max-age
KEPT_S = 3 * REFRESH_S  # the previous slot must still be there while the next is computed
BOARD_MINUTES = 60
BOARD_LIMIT = 12
LIVE_GRACE_S = 30  # a live arrival already due stays on the board this long


def refresh_slot(now: datetime.datetime) -> int:
    return int(now.timestamp() // REFRESH_S)


@dataclass(frozen=True)
class LiveRun:
    """A vehicle on a run of the timetable, and its predicted arrivals at the stops ahead."""

    run: VehicleRun
    predictions: tuple[StopPrediction, ...]

    def plan(self) -> TripPlan:
        # Rebuilt from the process's trip templates: cheaper than carrying shapes in the cache.
        plan = feeds.run_plan_of(self.run)
        assert plan is not None  # only runs with a plan are kept
        return plan


def live_compute(now: datetime.datetime) -> list[LiveRun]:
    """Predictions of every live run, with each run's recorded visits read in one query."""
    # The runs both GTFS-RT feeds publish: on a run of the timetable, with a stop ahead.
    live = feeds.live_runs(now)
    recorded = history.run_visits_of({history.run_key(plan, run) for run, plan in live})
    return [
        LiveRun(
            run,
            tuple(
                feeds.run_predictions(run, plan, now, recorded.get(history.run_key(plan, run), []))
            ),
        )
        for run, plan in live
    ]


def live_predictions(now: datetime.datetime) -> list[LiveRun]:
    """The live runs and their predictions as of this refresh slot (see the module)."""
    return slot_shared("transit:live", refresh_slot(now), lambda: live_compute(now), keep=KEPT_S)


@dataclass(frozen=True)
class BoardRow:
    route: Route
    headsign: str
    when: datetime.datetime
    minutes: int
    live: bool
    vehicle: str
    # Set for a frequency-based run with no vehicle on it: the time is only indicative.
    headway: int | None = None


def _live_rows(
    stop: Stop, now: datetime.datetime, routes: dict[str, Route]
) -> tuple[list[BoardRow], dict[tuple[str, str], list[float]]]:
    """The live rows at `stop`, and the scheduled times at `stop` of each tracked run
    ((trip, service day) → departures), which the timetable's rows must not repeat."""
    moment = now.timestamp()
    horizon = moment + BOARD_MINUTES * 60
    tracked: dict[tuple[str, str], list[float]] = defaultdict(list)
    found: list[tuple[TripPlan, float, str]] = []
    for live in live_predictions(now):
        plan = live.plan()
        calls = [c for c in plan.calls if c.stop_id == stop.gtfs_id]
        if not calls:
            continue
        tracked[(plan.trip_id, plan.start_date)] += [c.departure for c in calls]
        when = next((p.arrival for p in live.predictions if p.stop_id == stop.gtfs_id), None)
        if when is not None and moment - LIVE_GRACE_S <= when <= horizon:
            found.append((plan, when, live.run.vehicle.label or live.run.vehicle.ref))
    # Only the tracked trips' headsigns: the feed has thousands of trips.
    headsigns = dict(
        Trip.objects.filter(gtfs_id__in={plan.trip_id for plan, _w, _v in found}).values_list(
            "gtfs_id", "headsign"
        )
    )
    rows = [
        BoardRow(
            routes[plan.route_id],
            headsigns.get(plan.trip_id, ""),
            datetime.datetime.fromtimestamp(when, CITY_TZ),
            max(0, round((when - moment) / 60)),
            True,
            vehicle,
        )
        for plan, when, vehicle in found
        if plan.route_id in routes
    ]
    return rows, tracked


def board_compute(stop: Stop, now: datetime.datetime, limit: int = BOARD_LIMIT) -> list[BoardRow]:
    """The next arrivals at `stop` within the hour, in time order: the predictions of
    tracked vehicles ("live"), and the timetable ("scheduled") for the departures no
    vehicle is tracked on. A live arrival that is already due stays for 30 seconds."""
    routes = {r.gtfs_id: r for r in Route.objects.all()}
    moment = now.timestamp()
    rows, tracked = _live_rows(stop, now, routes)
    departures = transit_selectors.stop_departures_next(
        stop, now=now, limit=2 * limit, horizon=datetime.timedelta(minutes=BOARD_MINUTES)
    )
    for departure in departures:
        when = departure.at.timestamp()
        key = (departure.trip.gtfs_id, departure.service_date.strftime("%Y%m%d"))
        if any(abs(when - t) < 30 for t in tracked.get(key, ())):
            continue  # a vehicle is on this run: its live time is shown instead
        rows.append(
            BoardRow(
                departure.route,
                departure.stop_time.stop_headsign or departure.trip.headsign,
                departure.at.astimezone(CITY_TZ),
                max(0, round((when - moment) / 60)),
                False,
                "",
                departure.headway,
            )
        )
    rows.sort(key=lambda r: (r.when, not r.live, r.route.gtfs_id))
    # One more than shown: a row that passes before the next refresh leaves room for it.
    return rows[: limit + 1]


def stop_board(stop: Stop, now: datetime.datetime, limit: int = BOARD_LIMIT) -> list[BoardRow]:
    """`board_compute` as of this refresh slot, shared by every process, with the minutes
    counted from `now` and the rows that have passed since the slot was computed left out."""
    rows = slot_shared(
        f"transit:board:{stop.pk}", refresh_slot(now), lambda: board_compute(stop, now), keep=KEPT_S
    )
    moment = now.timestamp()
    shown = []
    for row in rows:
        when = row.when.timestamp()
        if when < moment - (LIVE_GRACE_S if row.live else 0):
            continue
        shown.append(replace(row, minutes=max(0, round((when - moment) / 60))))
    return shown[:limit]
