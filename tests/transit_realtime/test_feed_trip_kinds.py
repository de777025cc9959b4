"""What the feeds say of a run depends on the kind of trip it is: a timetabled trip, a
departure of an interval with exact times (`exact_times=1`), or one without
(`exact_times=0`); and which vehicles they carry at all."""

from __future__ import annotations

import json

import pytest
import time_machine
from google.transit import gtfs_realtime_pb2 as rt
from gtfs_rt_validator.api import Mode, Request, resolve_roles, validate

from smartcity.transit.models import Frequency, ServiceAlert, Trip
from smartcity.transit.realtime import schedule
from smartcity.transit.realtime.feeds import run_plan_of
from smartcity.transit.realtime.models import VehicleRun
from smartcity.transit.realtime.services import positions_ingest
from smartcity.transit.realtime.simulator import run_drive

from .gtfs_zip import gtfs_zip_write
from .lines import MONDAY_8, when
from .network import line_create, vehicle_create

FEEDS = {
    "vp": "/transit/gtfs-rt/vehicle-positions",
    "tu": "/transit/gtfs-rt/trip-updates",
    "sa": "/transit/gtfs-rt/alerts",
}
SCHEDULED = rt.TripDescriptor.SCHEDULED
UNSCHEDULED = rt.TripDescriptor.UNSCHEDULED


def _drive(vehicle, trip_id: str, start_time: str, fixes: int | None, since: float = 0) -> float:
    """Send the first `fixes` fixes (all, when None; none before `since`) of the run of
    `trip_id` leaving at `start_time`, simulated; the time of the last."""
    plan = next(
        p
        for p in schedule.runs_around(MONDAY_8 + 600)
        if p.trip_id == trip_id and p.start_time == start_time
    )
    samples = [
        s for s in run_drive(plan, vehicle=vehicle.ref, seed=3, detour=False) if s.time >= since
    ]
    for s in samples[:fixes]:
        item = {
            "timestamp": s.fix.time,
            "latitude": s.fix.lat,
            "longitude": s.fix.lon,
            "speed": s.fix.speed,
            "bearing": s.fix.bearing,
        }
        positions_ingest([item], vehicle=vehicle, now=when(s.fix.time))
    return samples[:fixes][-1].fix.time


def _feeds(client, at: float) -> dict[str, rt.FeedMessage]:
    with time_machine.travel(when(at), tick=False):
        return {
            role: rt.FeedMessage.FromString(client.get(url).content) for role, url in FEEDS.items()
        }


def _notices(messages: dict[str, rt.FeedMessage], at: float, tmp_path) -> dict[str, int]:
    paths = {}
    for role, message in messages.items():
        paths[role] = tmp_path / f"{role}.pb"
        paths[role].write_bytes(message.SerializeToString())
    result = validate(
        Request(
            mode=Mode.MODERN,
            gtfs=gtfs_zip_write(tmp_path / "gtfs.zip"),
            inputs=resolve_roles({role: str(p) for role, p in paths.items()}),
            at=when(at),
        )
    )
    result.write(tmp_path / "report")
    report = json.loads((tmp_path / "report" / "report.json").read_text())
    return {n["code"]: n["totalNotices"] for n in report["notices"]}


KINDS = {
    # kind: (exact_times of the interval, or None for a timetabled trip; start_time)
    "timetabled": (None, "08:00:00"),
    "exact_times_1": (True, "08:10:00"),
    "exact_times_0": (False, "08:10:00"),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_run_is_unscheduled_only_on_an_interval_without_exact_times(client, db, kind, tmp_path):
    exact, start_time = KINDS[kind]
    line_create()
    if exact is not None:
        trip = Trip.objects.get(gtfs_id="L3-0-0")
        Frequency.objects.create(
            trip=trip, start_time=8 * 3600, end_time=9 * 3600, headway_secs=600, exact_times=exact
        )
        schedule.templates_forget()
    vehicle, _ = vehicle_create("TB-201")
    last = _drive(vehicle, "L3-0-0", start_time, 10)
    messages = _feeds(client, last + 5)
    (position,) = messages["vp"].entity
    (update,) = messages["tu"].entity
    trip_update = update.trip_update
    assert position.vehicle.trip == trip_update.trip
    descriptor = trip_update.trip
    assert descriptor.trip_id == "L3-0-0" and descriptor.start_date == "20261130"
    stop_relationships = {u.schedule_relationship for u in trip_update.stop_time_update}
    if exact is False:
        assert descriptor.schedule_relationship == UNSCHEDULED
        assert descriptor.start_time == start_time
        assert stop_relationships == {rt.TripUpdate.StopTimeUpdate.UNSCHEDULED}
        assert not trip_update.HasField("delay")
    else:
        assert descriptor.schedule_relationship == SCHEDULED
        assert descriptor.start_time == (start_time if exact else "")
        assert stop_relationships == {rt.TripUpdate.StopTimeUpdate.SCHEDULED}
        assert trip_update.HasField("delay")
    if exact:
        # gtfs-rt-validator 0.3.0 ports a bug of the upstream jar's E019 for
        # VehiclePositions (FrequencyTypeOneValidator.java:105 formats minutes as
        # `seconds % 360`, so 08:10:00 is looked for as "08:240:00" and never found):
        # its TripUpdates branch, which formats times right, is the one that can tell.
        del messages["vp"]
    assert _notices(messages, last + 5, tmp_path) == {}


def test_a_vehicle_at_the_end_of_its_run_is_in_neither_vehicle_feed(client, db):
    line_create(runs=2, headway=300)
    done, _ = vehicle_create("TB-201")
    running, _ = vehicle_create("TB-202")
    last = _drive(done, "L3-0-0", "08:00:00", None)
    # The next run the other way, under way in the last two minutes.
    _drive(running, "L3-1-1", "08:05:00", 8, since=last - 120)
    messages = _feeds(client, last + 5)
    run = VehicleRun.objects.get(vehicle=done)
    plan = run_plan_of(run)
    assert plan is not None and run.distance >= plan.calls[-1].distance - 20  # at the end
    assert [e.vehicle.vehicle.id for e in messages["vp"].entity] == ["TB-202"]
    assert [e.trip_update.vehicle.id for e in messages["tu"].entity] == ["TB-202"]


def test_a_vehicle_matched_to_no_run_is_in_neither_vehicle_feed(client, db):
    line_create()
    lost, _ = vehicle_create("TB-203")
    # A kilometre north of line 3: near no run of the timetable.
    positions_ingest(
        [{"timestamp": MONDAY_8 + 600, "latitude": 47.770, "longitude": 27.920}],
        vehicle=lost,
        now=when(MONDAY_8 + 600),
    )
    assert VehicleRun.objects.get(vehicle=lost).trip is None
    messages = _feeds(client, MONDAY_8 + 605)
    assert not messages["vp"].entity and not messages["tu"].entity


def test_an_alert_says_when_it_is_shown_and_when_it_bites_not_the_deprecated_period(client, db):
    line_create()
    ServiceAlert.objects.create(
        header_ro="Lucrări", active_from=when(MONDAY_8 - 3600), active_until=when(MONDAY_8 + 3600)
    )
    (entity,) = _feeds(client, MONDAY_8)["sa"].entity
    alert = entity.alert
    expected = [(int(MONDAY_8 - 3600), int(MONDAY_8 + 3600))]
    assert [(p.start, p.end) for p in alert.communication_period] == expected
    assert [(p.start, p.end) for p in alert.impact_period] == expected
    assert not alert.active_period


def test_a_vehicle_silent_for_two_minutes_gives_only_the_stale_position_warning(
    client, db, tmp_path
):
    """The one warning a live feed can give, explained in the README: the vehicle stays
    in the feeds until it has been silent for five minutes, its position older than the
    90 s of the best practice (P005), its predictions starting from where it was."""
    line_create()
    vehicle, _ = vehicle_create("TB-201")
    last = _drive(vehicle, "L3-0-0", "08:00:00", 12)
    messages = _feeds(client, last + 120)
    (update,) = messages["tu"].entity
    times = [u.arrival.time for u in update.trip_update.stop_time_update]
    assert times[0] == int(last + 120) and times == sorted(set(times))
    assert _notices(messages, last + 120, tmp_path) == {"P005": 1}
