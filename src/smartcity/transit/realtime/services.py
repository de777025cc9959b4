"""Writes of the realtime side: vehicles, and positions coming in.

`positions_ingest` takes a batch of fixes, refuses the bad ones with a counted reason
(see `screening`), stores the rest, and moves each vehicle along its run: the run it
names, the run it was on, or the run its recent fixes match. Stops passed on the way are
recorded as `StopArrival`s, which feed punctuality and the learned travel times.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from smartcity.devices.broker_auth import broker_auth_sync_soon, broker_password_hash
from smartcity.transit.models import Trip
from smartcity.transit.realtime import schedule
from smartcity.transit.realtime.matching import trip_match
from smartcity.transit.realtime.models import (
    RefusedPositions,
    StopArrival,
    Vehicle,
    VehiclePosition,
    VehicleRun,
)
from smartcity.transit.realtime.plans import Fix, TripPlan
from smartcity.transit.realtime.prediction import STOP_RADIUS_M
from smartcity.transit.realtime.screening import Refusal, fix_screen
from smartcity.transit.realtime.tracking import (
    OFF_ROUTE_FIXES,
    STALE_AFTER_S,
    Progress,
    progress_start,
    progress_update,
)

RECENT_FIXES = 5
# A vehicle off its run for this many fixes is matched afresh (a new run, or a detour).
REMATCH_AFTER = 2 * OFF_ROUTE_FIXES


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def vehicle_register(*, ref: str, label: str = "") -> tuple[Vehicle, str]:
    """A new vehicle and its bearer token (shown once; only its hash is kept)."""
    token = secrets.token_urlsafe(32)
    vehicle = Vehicle.objects.create(
        ref=ref,
        label=label,
        token_hash=token_hash(token),
        broker_password_hash=broker_password_hash(token),
    )
    broker_auth_sync_soon()
    return vehicle, token


def vehicle_token_issue(*, vehicle: Vehicle) -> str:
    """A new token for `vehicle`, its bearer token over HTTP and its password on the MQTT
    broker (account `vehicle/<ref>`); the previous one stops working on both."""
    token = secrets.token_urlsafe(32)
    Vehicle.objects.filter(pk=vehicle.pk).update(
        token_hash=token_hash(token), broker_password_hash=broker_password_hash(token)
    )
    broker_auth_sync_soon()
    return token


def vehicle_for_token(token: str) -> Vehicle | None:
    if not token:
        return None
    return Vehicle.objects.filter(token_hash=token_hash(token), is_active=True).first()


@dataclass(frozen=True)
class PositionRefusal:
    index: int
    vehicle: str
    reason: str
    detail: str = ""


@dataclass
class IngestResult:
    accepted: int = 0
    duplicates: int = 0
    refused: list[PositionRefusal] = field(default_factory=list)


def _number(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError
    return float(value)


def _time(value: object) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            raise ValueError
        return parsed.timestamp()
    raise ValueError


def fix_parse(item: object, vehicle_ref: str | None = None) -> Fix:
    """A fix from its JSON form: {"vehicle", "timestamp" (ISO 8601 or POSIX seconds),
    "latitude", "longitude", "speed" (m/s), "bearing", "route", "trip"}."""
    if not isinstance(item, dict):
        raise ValueError("a position is a JSON object")
    ref = vehicle_ref or item.get("vehicle")
    if not isinstance(ref, str) or not ref:
        raise ValueError("the vehicle is missing")
    try:
        lat, lon = _number(item.get("latitude")), _number(item.get("longitude"))
        when = _time(item.get("timestamp"))
        speed, bearing = _number(item.get("speed")), _number(item.get("bearing"))
    except (ValueError, TypeError):
        raise ValueError("timestamp, latitude, longitude, speed or bearing is invalid") from None
    if lat is None or lon is None:
        raise ValueError("latitude and longitude are required")
    route, trip = item.get("route"), item.get("trip")
    return Fix(
        ref,
        when,
        lat,
        lon,
        speed,
        bearing,
        route if isinstance(route, str) and route else None,
        trip if isinstance(trip, str) and trip else None,
    )


def _aware(seconds: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(seconds, datetime.UTC)


def _plan_of(run: VehicleRun) -> TripPlan | None:
    if run.trip_id is None or run.start_date is None:
        return None
    template = schedule.trip_template(run.trip_id)
    if template is None:
        return None
    return schedule.run_plan(template, run.start_date, run.start_time)


def _progress_of(run: VehicleRun, plan: TripPlan) -> Progress:
    return Progress(
        trip=plan,
        distance=run.distance,
        offset=run.offset,
        time=run.observed_at.timestamp(),
        delay=run.delay,
        off_route_fixes=run.off_route_fixes,
    )


def _arrivals_record(
    vehicle: Vehicle, run: VehicleRun, plan: TripPlan, before: float, after: Progress, since: float
) -> None:
    """Record the stops passed between `before` and `after.distance` metres, their times
    interpolated between the two fixes."""
    span = after.distance - before
    if span <= 0:
        return

    def crossing(distance: float) -> datetime.datetime:
        return _aware(since + (after.time - since) * (distance - before) / span)

    day = datetime.datetime.strptime(plan.start_date, "%Y%m%d").date()
    for index, call in enumerate(plan.calls):
        key = {
            "trip_ref": plan.trip_id,
            "start_date": day,
            "start_time": run.start_time,
            "stop_sequence": call.sequence,
        }
        arrive_at = call.distance - (STOP_RADIUS_M if index else -STOP_RADIUS_M)
        leave_at = call.distance + STOP_RADIUS_M
        if before < arrive_at <= after.distance:
            StopArrival.objects.get_or_create(
                **key,
                defaults={
                    "vehicle": vehicle,
                    "route_ref": plan.route_id,
                    "stop_ref": call.stop_id,
                    "arrived_at": crossing(arrive_at),
                    "scheduled_at": _aware(call.arrival),
                },
            )
        if index < len(plan.calls) - 1 and before < leave_at <= after.distance:
            StopArrival.objects.filter(**key, departed_at=None).update(
                departed_at=crossing(leave_at)
            )


def _start_seconds(plan: TripPlan) -> int:
    h, m, s = (int(x) for x in plan.start_time.split(":"))
    return h * 3600 + m * 60 + s


def _runs_taken(vehicle: Vehicle, when: float) -> set[tuple[str, str, int]]:
    """Runs another live vehicle is on: two vehicles do not run the same departure."""
    since = _aware(when - STALE_AFTER_S)
    rows = (
        VehicleRun.objects.filter(observed_at__gte=since, trip__isnull=False)
        .exclude(vehicle=vehicle)
        .values_list("trip__gtfs_id", "start_date", "start_time")
    )
    return {
        (trip, day.strftime("%Y%m%d"), start)
        for trip, day, start in rows
        if day is not None and start is not None
    }


def _run_move(vehicle: Vehicle, run: VehicleRun, fix: Fix, recent: list) -> None:
    """Advance `run` by `fix`, or find it a run. Saves nothing."""
    plan = _plan_of(run)
    previous_time = run.observed_at.timestamp()
    named_other = fix.trip_id and plan is not None and fix.trip_id != plan.trip_id
    progress = None
    if plan is not None and not named_other:
        progress = progress_update(_progress_of(run, plan), fix)
        if not progress.off_route:
            _arrivals_record(vehicle, run, plan, run.distance, progress, previous_time)
        ended = run.distance >= plan.calls[-1].distance - STOP_RADIUS_M
        if (progress.finished and ended) or progress.off_route_fixes >= REMATCH_AFTER:
            # Off the end of its run (after reporting the arrival once), or lost: the
            # vehicle's next run is found by matching.
            progress, plan = None, None
    if progress is None:
        fixes = [Fix(vehicle.ref, t, la, lo) for t, la, lo in recent[:-1]] + [fix]
        routes = {fix.route_id} if fix.route_id else None
        taken = _runs_taken(vehicle, fix.time)
        candidates = [
            plan
            for plan in schedule.runs_around(fix.time, route_ids=routes)
            if (plan.trip_id, plan.start_date, _start_seconds(plan)) not in taken
        ]
        match = trip_match(fixes, candidates)
        if match is None:
            run.trip, run.start_date, run.start_time = None, None, None
            run.distance = run.offset = run.delay = 0.0
            run.off_route_fixes = 0
            return
        plan = match.trip
        progress = progress_start(plan, fix, match.distance, match.offset)
        run.trip = Trip.objects.get(gtfs_id=plan.trip_id)
        run.start_date = datetime.datetime.strptime(plan.start_date, "%Y%m%d").date()
        run.start_time = _start_seconds(plan)
    run.distance, run.offset, run.delay = progress.distance, progress.offset, progress.delay
    run.off_route_fixes = progress.off_route_fixes


def _refusals_count(refused: list[PositionRefusal], day: datetime.date) -> None:
    counts: dict[tuple[str, str], int] = {}
    for r in refused:
        counts[(r.vehicle[:64], r.reason)] = counts.get((r.vehicle[:64], r.reason), 0) + 1
    for (ref, reason), n in sorted(counts.items()):
        row, _ = RefusedPositions.objects.get_or_create(vehicle_ref=ref, reason=reason, day=day)
        RefusedPositions.objects.filter(pk=row.pk).update(count=F("count") + n)


def _one_ingest(
    index: int, fix: Fix, vehicle: Vehicle | None, now: float, result: IngestResult
) -> None:
    if vehicle is None:
        result.refused.append(PositionRefusal(index, fix.vehicle, Refusal.UNKNOWN_VEHICLE))
        return
    run = VehicleRun.objects.select_for_update().filter(vehicle=vehicle).first()
    previous = (
        Fix(vehicle.ref, run.observed_at.timestamp(), run.latitude, run.longitude) if run else None
    )
    refusal = fix_screen(fix, previous=previous, now=now)
    if (
        refusal == Refusal.DUPLICATE
        and previous
        and (fix.lat, fix.lon) == (previous.lat, previous.lon)
    ):
        result.duplicates += 1
        return
    if refusal is not None:
        result.refused.append(PositionRefusal(index, fix.vehicle, refusal))
        return
    if run is None:
        run = VehicleRun(
            vehicle=vehicle, observed_at=_aware(fix.time), latitude=fix.lat, longitude=fix.lon
        )
    recent = [*run.recent, [fix.time, fix.lat, fix.lon]][-RECENT_FIXES:]
    _run_move(vehicle, run, fix, recent)
    run.observed_at, run.latitude, run.longitude = _aware(fix.time), fix.lat, fix.lon
    run.speed, run.bearing, run.recent = fix.speed, fix.bearing, recent
    run.save()
    VehiclePosition.objects.create(
        vehicle=vehicle,
        observed_at=run.observed_at,
        latitude=fix.lat,
        longitude=fix.lon,
        speed=fix.speed,
        bearing=fix.bearing,
        trip=run.trip,
        distance=run.distance if run.trip_id else None,
    )
    result.accepted += 1


def positions_ingest(
    items: list, *, vehicle: Vehicle | None = None, now: datetime.datetime | None = None
) -> IngestResult:
    """Store a batch of fixes. With `vehicle` (the sender's token), every fix is that
    vehicle's; otherwise (a trusted broker) each names its vehicle by id.

    Fixes of one vehicle are taken in time order, so a batch sent out of order is not
    refused for it; a fix older than the vehicle's last one is (`out_of_order`).
    """
    now = now or timezone.now()
    result = IngestResult()
    parsed: list[tuple[int, Fix]] = []
    for index, item in enumerate(items):
        try:
            parsed.append((index, fix_parse(item, vehicle.ref if vehicle else None)))
        except ValueError as exc:
            ref = item.get("vehicle", "?") if isinstance(item, dict) else "?"
            result.refused.append(PositionRefusal(index, str(ref), Refusal.MALFORMED, str(exc)))
    parsed.sort(key=lambda pair: (pair[1].vehicle, pair[1].time, pair[0]))
    refs = {fix.vehicle for _, fix in parsed}
    vehicles = {v.ref: v for v in Vehicle.objects.filter(ref__in=refs, is_active=True)}
    for index, fix in parsed:
        with transaction.atomic():
            _one_ingest(index, fix, vehicles.get(fix.vehicle), now.timestamp(), result)
    if result.refused:
        _refusals_count(result.refused, now.date())
    result.refused.sort(key=lambda r: r.index)
    return result


def positions_prune(*, older_than: datetime.datetime, batch_size: int, dry_run: bool) -> int:
    """Delete raw positions observed before `older_than`, in batches of `batch_size`;
    stop arrivals (what predictions and punctuality read) stay. Returns the count."""
    old = VehiclePosition.objects.filter(observed_at__lt=older_than)
    if dry_run:
        return old.count()
    deleted = 0
    while True:
        ids = list(old.order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            return deleted
        with transaction.atomic():
            deleted += VehiclePosition.objects.filter(pk__in=ids).delete()[0]
