"""The three GTFS-Realtime feeds on the demo network, at every kind of moment its
timetable has: a weekday, a Saturday, a Sunday, a public holiday (weekend service on a
weekday), the first and the last runs of a day, and the night without service.

Each case imports the demo feed, lets the demo's simulator drive every run under way
for 75 seconds through the real ingest, reads the feeds over HTTP after each of the
last two ticks (15 s apart, so the rules comparing consecutive messages run too) and
the static GTFS the platform exports, and runs them through `gtfs-rt-validator`
(modern mode: the upstream rules, the spec's and the best practices'). A feed passes
with no notice at all; the README's transit section says which warning a live feed
can still give, and why that is acceptable.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import time_machine
from google.transit import gtfs_realtime_pb2 as rt
from gtfs_rt_validator.api import Inputs, Mode, Request, resolve_roles, validate

from smartcity.transit import demo as transit_demo
from smartcity.transit.gtfs.times import time_format
from smartcity.transit.models import Trip
from smartcity.transit.realtime import history, schedule
from smartcity.transit.realtime.demo import LiveSimulator
from smartcity.transit.realtime.prediction import CITY_TZ

FEEDS = {
    "vp": "/transit/gtfs-rt/vehicle-positions",
    "tu": "/transit/gtfs-rt/trip-updates",
    "sa": "/transit/gtfs-rt/alerts",
}
TICK_S = 15
TICKS = 6  # 75 s of fixes up to the moment the feeds are read
SEED = 1  # `smartcity transit_simulate`'s default


@dataclass(frozen=True)
class Moment:
    local: dt.datetime  # in Bălți
    service: str | None  # the demo's service running then: WD, WE or none
    runs: str = ""  # "first" or "last": only the day's first (last) departures are out


def _at(day: str, time: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=CITY_TZ)


# December 2026: Monday the 7th is a weekday, the 12th a Saturday, the 13th a Sunday,
# Friday the 25th Christmas (a public holiday in Moldova: weekend service). The first
# departures are 05:30 on weekdays and 06:00 at weekends, the last leave at 22:40.
MOMENTS = {
    "a_weekday_morning_peak": Moment(_at("2026-12-07", "08:00"), "WD"),
    "the_first_runs_of_a_weekday": Moment(_at("2026-12-07", "05:38"), "WD", "first"),
    "the_last_runs_of_a_weekday": Moment(_at("2026-12-08", "22:58"), "WD", "last"),
    "a_saturday_afternoon": Moment(_at("2026-12-12", "15:00"), "WE"),
    "a_sunday_afternoon": Moment(_at("2026-12-13", "15:00"), "WE"),
    "the_first_runs_of_a_sunday": Moment(_at("2026-12-13", "06:08"), "WE", "first"),
    "the_last_runs_of_a_sunday": Moment(_at("2026-12-13", "22:58"), "WE", "last"),
    "christmas_a_public_holiday_on_a_friday": Moment(_at("2026-12-25", "11:00"), "WE"),
    "the_night_without_service": Moment(_at("2026-12-09", "03:00"), None),
}


@dataclass
class Snapshot:
    """The three feeds as read at one moment."""

    now: dt.datetime
    paths: dict[str, Path]
    messages: dict[str, rt.FeedMessage]


def _read(client, now: dt.datetime, folder: Path) -> Snapshot:
    folder.mkdir()
    paths, messages = {}, {}
    with time_machine.travel(now, tick=False):
        for role, url in FEEDS.items():
            response = client.get(url)
            assert response.status_code == 200
            paths[role] = folder / f"{role}.pb"
            paths[role].write_bytes(response.content)
            # The validator's clock for a replay is each file's modification time.
            os.utime(paths[role], (now.timestamp(), now.timestamp()))
            messages[role] = rt.FeedMessage.FromString(response.content)
    return Snapshot(now, paths, messages)


def _simulate(client, moment: Moment, tmp_path: Path) -> tuple[Path, list[Snapshot]]:
    """The exported GTFS, and the feeds read after the last two ticks of the simulator
    (a consumer polling every 15 s), the last at `moment`."""
    schedule.templates_forget()
    history.history_forget()
    # The feed (valid from 30 days before) and its sample alert start the day before.
    transit_demo.transit_load(today=moment.local.date() - dt.timedelta(days=1))
    now = moment.local.astimezone(dt.UTC)
    simulator = LiveSimulator(seed=SEED)
    snapshots = []
    for k in range(TICKS):
        at = now - dt.timedelta(seconds=TICK_S * (TICKS - 1 - k))
        simulator.tick(at)
        if k >= TICKS - 2:
            snapshots.append(_read(client, at, tmp_path / f"cycle-{k}"))
    with time_machine.travel(now, tick=False):
        exported = client.get("/transit/gtfs.zip")
    assert exported.status_code == 200
    gtfs = tmp_path / "gtfs.zip"
    gtfs.write_bytes(exported.content)
    return gtfs, snapshots


def _notices(gtfs: Path, snapshots: list[Snapshot], out: Path) -> tuple[Counter, dict]:
    """The validator's notices over the snapshots in order, as "SEVERITY CODE": count,
    and a few examples of each."""
    cycles = [
        resolve_roles({role: str(path) for role, path in s.paths.items()}).cycles[0]
        for s in snapshots
    ]
    result = validate(
        Request(mode=Mode.MODERN, gtfs=gtfs, inputs=Inputs(tuple(cycles), directory_replay=True))
    )
    result.write(out)
    report = json.loads((out / "report.json").read_text())
    system = json.loads((out / "system_errors.json").read_text())
    assert report["summary"]["messagesValidated"] == 3 * len(snapshots)
    notices = report["notices"]
    counts = Counter({f"{n['severity']} {n['code']}": n["totalNotices"] for n in notices})
    samples = {n["code"]: [s.get("prefix") for s in n["sampleNotices"][:3]] for n in notices}
    assert system.get("notices", system) in ([], {}), system
    return counts, samples


@pytest.fixture(params=list(MOMENTS), ids=list(MOMENTS))
def moment(request) -> Moment:
    return MOMENTS[request.param]


def test_the_feeds_validate_without_errors_or_warnings_on(db, client, moment, tmp_path):
    gtfs, snapshots = _simulate(client, moment, tmp_path)
    counts, samples = _notices(gtfs, snapshots, tmp_path / "report")
    assert not counts, (counts, samples)


def test_every_vehicle_in_service_has_its_position_and_trip_update_on(db, client, moment, tmp_path):
    _gtfs, snapshots = _simulate(client, moment, tmp_path)
    snapshot = snapshots[-1]
    positions = {e.vehicle.vehicle.id: e.vehicle.trip for e in snapshot.messages["vp"].entity}
    updates = {e.trip_update.vehicle.id: e.trip_update for e in snapshot.messages["tu"].entity}
    assert positions.keys() == updates.keys()
    if moment.service is None:
        assert not positions
        return
    assert len(positions) >= 3
    day = moment.local.date()
    if moment.local.hour < 3:
        day -= dt.timedelta(days=1)
    for vehicle, trip in positions.items():
        update = updates[vehicle]
        assert update.trip == trip
        # Every demo line runs by interval without exact times.
        assert trip.trip_id.endswith(f"-{moment.service}")
        assert trip.schedule_relationship == rt.TripDescriptor.UNSCHEDULED
        assert trip.start_date == f"{day:%Y%m%d}" and trip.start_time
        assert not update.HasField("delay")
        assert update.stop_time_update, vehicle
        assert {u.schedule_relationship for u in update.stop_time_update} == {
            rt.TripUpdate.StopTimeUpdate.UNSCHEDULED
        }
        assert all(u.arrival.time >= int(snapshot.now.timestamp()) for u in update.stop_time_update)
        if moment.runs:
            template = schedule.trip_template(Trip.objects.get(gtfs_id=trip.trip_id))
            assert template is not None
            starts = schedule.template_starts(template)
            edge = min(starts) if moment.runs == "first" else max(starts)
            assert trip.start_time == time_format(edge), (vehicle, trip.start_time)
