"""GTFS-Realtime 2.0 feeds: VehiclePositions, TripUpdates and ServiceAlerts.

Each feed is a FULL_DATASET whose header timestamp is the moment it was built. A vehicle
without a fix for `STALE_AFTER_S` is left out of every feed: riders are better served by
the schedule than by a position minutes old.

VehiclePositions and TripUpdates carry the same vehicles: those on a run of the
timetable with a stop still ahead. A vehicle not matched to any run, or standing at the
end of its run, has nothing left to predict, and every vehicle and trip of one feed
should be in the other (the validator's W003).

A run of a frequency-based trip without exact times (`exact_times=0`, every line of the
demo) follows no timetable of its own: its trip and each of its stop time updates are
UNSCHEDULED, named by trip_id, start_date and the start_time of its slot (fixed for the
run, as the spec wants), and carry no delay, which would be measured against a
schedule it does not have. Runs of timetabled trips and of `exact_times=1` intervals
are SCHEDULED.
"""

from __future__ import annotations

import datetime

from google.transit import gtfs_realtime_pb2 as rt

from smartcity.transit import selectors as transit_selectors
from smartcity.transit.models import ServiceAlert
from smartcity.transit.realtime import history, schedule
from smartcity.transit.realtime.models import VehicleRun
from smartcity.transit.realtime.plans import TripPlan
from smartcity.transit.realtime.prediction import STOP_RADIUS_M, StopPrediction, arrivals_predict
from smartcity.transit.realtime.tracking import STALE_AFTER_S, Progress


def _message(now: datetime.datetime) -> rt.FeedMessage:
    message = rt.FeedMessage()
    message.header.gtfs_realtime_version = "2.0"
    message.header.incrementality = rt.FeedHeader.FULL_DATASET
    message.header.timestamp = int(now.timestamp())
    return message


def fresh_runs(now: datetime.datetime):  # noqa: ANN201 - a QuerySet
    since = now - datetime.timedelta(seconds=STALE_AFTER_S)
    return (
        VehicleRun.objects.filter(
            observed_at__gte=since, observed_at__lte=now + datetime.timedelta(minutes=5)
        )
        .select_related("vehicle")
        .order_by("vehicle__ref")
    )


def run_plan_of(run: VehicleRun) -> TripPlan | None:
    if run.trip_id is None or run.start_date is None:
        return None
    template = schedule.trip_template(run.trip_id)
    return None if template is None else schedule.run_plan(template, run.start_date, run.start_time)


def run_unscheduled(run: VehicleRun) -> bool:
    """Whether `run` is a departure of an interval without exact times (`exact_times=0`
    in frequencies.txt): a run the timetable gives no times of its own."""
    template = None if run.trip_id is None else schedule.trip_template(run.trip_id)
    if template is None or run.start_time is None:
        return False
    return any(
        begin <= run.start_time < end and not exact
        for begin, end, _headway, exact in template.frequencies
    )


def live_runs(now: datetime.datetime) -> list[tuple[VehicleRun, TripPlan]]:
    """The fresh runs the feeds publish: on a run of the timetable, with a stop ahead
    (the test `arrivals_predict` makes before predicting anything)."""
    live = []
    for run in fresh_runs(now):
        plan = run_plan_of(run)
        if plan is None:
            continue
        progress = Progress(plan, run.distance, run.offset, run.observed_at.timestamp(), run.delay)
        if progress.next_call_index(STOP_RADIUS_M) < len(plan.calls):
            live.append((run, plan))
    return live


def _trip_descriptor(descriptor: rt.TripDescriptor, plan: TripPlan, *, unscheduled: bool) -> None:
    descriptor.trip_id = plan.trip_id
    descriptor.route_id = plan.route_id
    descriptor.direction_id = plan.direction_id
    descriptor.start_date = plan.start_date
    if plan.frequency_based:
        descriptor.start_time = plan.start_time
    descriptor.schedule_relationship = (
        rt.TripDescriptor.UNSCHEDULED if unscheduled else rt.TripDescriptor.SCHEDULED
    )


def vehicle_positions_build(now: datetime.datetime) -> rt.FeedMessage:
    message = _message(now)
    for run, plan in live_runs(now):
        entity = message.entity.add()
        entity.id = f"vehicle-{run.vehicle.ref}"
        vp = entity.vehicle
        vp.vehicle.id = run.vehicle.ref
        vp.vehicle.label = run.vehicle.label or run.vehicle.ref
        vp.position.latitude = run.latitude
        vp.position.longitude = run.longitude
        if run.bearing is not None:
            vp.position.bearing = run.bearing % 360
        if run.speed is not None and run.speed >= 0:
            vp.position.speed = run.speed
        vp.timestamp = int(run.observed_at.timestamp())
        _trip_descriptor(vp.trip, plan, unscheduled=run_unscheduled(run))
        progress = Progress(plan, run.distance, run.offset, run.observed_at.timestamp(), run.delay)
        index = min(progress.next_call_index(), len(plan.calls) - 1)
        call = plan.calls[index]
        vp.current_stop_sequence = call.sequence
        vp.stop_id = call.stop_id
        at_stop = abs(call.distance - run.distance) <= 20 or (
            index and abs(plan.calls[index - 1].distance - run.distance) <= 20
        )
        vp.current_status = (
            rt.VehiclePosition.STOPPED_AT if at_stop else rt.VehiclePosition.IN_TRANSIT_TO
        )
    return message


def run_predictions(
    run: VehicleRun, plan: TripPlan, now: datetime.datetime, recorded: list[tuple] | None = None
) -> list[StopPrediction]:
    progress = Progress(
        plan, run.distance, run.offset, run.observed_at.timestamp(), run.delay, run.off_route_fixes
    )
    learned = history.travel_history(now)
    pace = history.run_pace_of(run, plan, learned, recorded)
    return arrivals_predict(progress, learned, pace=pace, now=now.timestamp())


def trip_updates_build(now: datetime.datetime) -> rt.FeedMessage:
    # The predictions the stop boards and the arrivals API show, computed once per refresh
    # (imported here: that module builds on this one).
    from smartcity.transit.realtime.arrivals import live_predictions

    message = _message(now)
    for live in live_predictions(now):
        run, plan, predictions = live.run, live.plan(), live.predictions
        if not predictions:
            continue
        entity = message.entity.add()
        entity.id = f"trip-{run.vehicle.ref}"
        update = entity.trip_update
        unscheduled = run_unscheduled(run)
        _trip_descriptor(update.trip, plan, unscheduled=unscheduled)
        update.vehicle.id = run.vehicle.ref
        update.vehicle.label = run.vehicle.label or run.vehicle.ref
        update.timestamp = int(run.observed_at.timestamp())
        if not unscheduled:
            update.delay = int(round(run.delay))
        relationship = (
            rt.TripUpdate.StopTimeUpdate.UNSCHEDULED
            if unscheduled
            else rt.TripUpdate.StopTimeUpdate.SCHEDULED
        )
        last = len(plan.calls)
        for p in predictions:
            stu = update.stop_time_update.add()
            stu.stop_sequence = p.sequence
            stu.stop_id = p.stop_id
            stu.arrival.time = int(round(p.arrival))
            if p.sequence != plan.calls[last - 1].sequence:
                stu.departure.time = max(int(round(p.departure)), stu.arrival.time)
            stu.schedule_relationship = relationship
    return message


def _translated(target: rt.TranslatedString, alert: ServiceAlert, field: str) -> None:
    seen = set()
    for lang in ("ro", "ru", "en"):
        text = getattr(alert, f"{field}_{lang}", None)
        if text and text not in seen:
            seen.add(text)
            t = target.translation.add()
            t.text, t.language = text, lang
    fallback = str(getattr(alert, field) or "")
    if not seen and fallback:
        target.translation.add().text = fallback


def alerts_build(now: datetime.datetime) -> rt.FeedMessage:
    message = _message(now)
    for alert in transit_selectors.alerts_in_force(now).order_by("pk"):
        entity = message.entity.add()
        entity.id = f"alert-{alert.pk}"
        a = entity.alert
        # `active_period` is deprecated: the same span is when the alert is shown and
        # when it bites, the only period a ServiceAlert has.
        for period in (a.communication_period.add(), a.impact_period.add()):
            period.start = int(alert.active_from.timestamp())
            if alert.active_until:
                period.end = int(alert.active_until.timestamp())
        for route in alert.routes.all():
            a.informed_entity.add().route_id = route.gtfs_id
        for stop in alert.stops.all():
            a.informed_entity.add().stop_id = stop.gtfs_id
        if not a.informed_entity:
            a.informed_entity.add().agency_id = _agency_id()
        a.cause = alert.cause
        a.effect = alert.effect
        a.severity_level = alert.severity
        _translated(a.header_text, alert, "header")
        if alert.description:
            _translated(a.description_text, alert, "description")
        if alert.url:
            a.url.translation.add().text = alert.url
    return message


def _agency_id() -> str:
    from smartcity.transit.models import Agency

    return Agency.objects.order_by("pk").values_list("gtfs_id", flat=True).first() or ""
