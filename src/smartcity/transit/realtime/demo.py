"""The demo's vehicles: a week of simulated history, and the live simulator.

Each run of the demo timetable gets its own vehicle (fleet numbers are illustrative),
driven by `simulator.run_drive` with the demo seed, so a run looks the same whenever it
is replayed. History is stored as the stop arrivals the tracker would have recorded,
which is what punctuality and the learned travel times read.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import threading
import time
import urllib.request
from collections.abc import Callable

import orjson
from django.db import connection, transaction
from django.db.models import Field
from django.db.models.constants import OnConflict
from django.utils import timezone

from smartcity.transit.gtfs.times import time_parse
from smartcity.transit.models import Trip
from smartcity.transit.realtime import history, schedule
from smartcity.transit.realtime.models import StopArrival, Vehicle
from smartcity.transit.realtime.plans import TripPlan
from smartcity.transit.realtime.prediction import CITY_TZ
from smartcity.transit.realtime.services import positions_ingest, vehicle_token_issue
from smartcity.transit.realtime.simulator import DriveSample, run_drive, run_visits
from smartcity.transit.selectors import services_on

log = logging.getLogger(__name__)

HISTORY_DAYS = 8
TICK_S = 15.0


def vehicle_ref(plan: TripPlan) -> str:
    return f"{plan.route_id}-{plan.direction_id}{plan.start_time.replace(':', '')[:4]}"


def start_delay(plan: TripPlan, seed: int) -> float:
    """Some runs leave late (a driver change, a late return from the other terminus)."""
    digest = hashlib.blake2b(f"{seed}:{plan.run_id}".encode(), digest_size=2).digest()
    return int.from_bytes(digest) / 0xFFFF * 240.0 - 30.0


def _day_plans(day: datetime.date) -> list[TripPlan]:
    services = services_on(day)
    plans = []
    for trip in Trip.objects.filter(service_id__in=services).select_related("route", "shape"):
        template = schedule.trip_template(trip)
        if template is None:
            continue
        plans += [
            schedule.run_plan(template, day, start) for start in schedule.template_starts(template)
        ]
    return plans


def history_loaded() -> bool:
    return StopArrival.objects.exists()


def history_load(
    *, seed: int, today: datetime.date | None = None, progress: Callable[[str], None] | None = None
) -> int:
    """Store `HISTORY_DAYS` days of simulated stop arrivals before `today`."""
    today = today or timezone.localdate()
    vehicles: dict[str, int] = {}
    total = 0
    for back in range(HISTORY_DAYS, 0, -1):
        day = today - datetime.timedelta(days=back)
        plans = _day_plans(day)
        _vehicles_ensure({vehicle_ref(plan) for plan in plans}, vehicles)
        rows = []
        for plan in plans:
            ref = vehicle_ref(plan)
            start = time_parse(plan.start_time)
            visits = run_visits(plan, vehicle=ref, seed=seed, start_delay=start_delay(plan, seed))
            for visit in visits:
                call = plan.calls[visit.index]
                rows.append(
                    (
                        vehicles[ref],
                        plan.trip_id,
                        plan.route_id,
                        day,
                        start,
                        call.stop_id,
                        call.sequence,
                        _aware(visit.arrival),
                        _aware(visit.departure),
                        _aware(call.arrival),
                    )
                )
        _arrivals_insert(rows)
        total += len(rows)
        if progress:
            progress(f"  transit history {day}: {len(rows)} stop arrivals")
    history.history_forget()
    return total


def _vehicles_ensure(refs: set[str], known: dict[str, int]) -> None:
    """Add the vehicles of `refs` not yet in `known` (ref → pk), creating missing ones."""
    missing = refs - known.keys()
    if not missing:
        return
    Vehicle.objects.bulk_create(
        [Vehicle(ref=ref, label=ref) for ref in sorted(missing)], ignore_conflicts=True
    )
    known.update(Vehicle.objects.filter(ref__in=missing).values_list("ref", "pk"))


_ARRIVAL_FIELDS = (
    "vehicle",
    "trip_ref",
    "route_ref",
    "start_date",
    "start_time",
    "stop_ref",
    "stop_sequence",
    "arrived_at",
    "departed_at",
    "scheduled_at",
)
INSERT_BATCH = 20_000


def _arrivals_insert(rows: list[tuple]) -> None:
    """Insert stop arrivals (in `_ARRIVAL_FIELDS` order) skipping those already there.

    A week is ~115,000 rows: building a model instance and preparing each value through
    the ORM took most of the demo's load time, so the rows go to the database as plain
    tuples, adapted by the backend's own operations, in a few large `executemany`."""
    meta = StopArrival._meta
    fields = [meta.get_field(name) for name in _ARRIVAL_FIELDS]
    columns = [f.column for f in fields if isinstance(f, Field) and f.column]
    ops = connection.ops
    adapt = ops.adapt_datetimefield_value
    adapt_date = ops.adapt_datefield_value
    sql = (
        f"{ops.insert_statement(on_conflict=OnConflict.IGNORE)} "
        f"{ops.quote_name(meta.db_table)} "
        f"({', '.join(ops.quote_name(column) for column in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) "
        f"{ops.on_conflict_suffix_sql(fields, OnConflict.IGNORE, None, None)}"
    ).strip()
    with transaction.atomic(), connection.cursor() as cursor:
        for first in range(0, len(rows), INSERT_BATCH):
            cursor.executemany(
                sql,
                [
                    (v, t, r, adapt_date(d), s, st, q, adapt(a), adapt(dep), adapt(sch))
                    for v, t, r, d, s, st, q, a, dep, sch in rows[first : first + INSERT_BATCH]
                ],
            )


def _aware(seconds: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(seconds, datetime.UTC)


class DirectSender:
    """Stores positions in this process, as a trusted broker would (tests, benchmarks)."""

    def send(self, items: list[dict], now: datetime.datetime) -> int:
        return positions_ingest(items, now=now).accepted if items else 0


class FleetTokens:
    """A bearer token per simulated vehicle, issued by this process on first use (the
    simulator plays the operator's fleet system, which provisions its vehicles)."""

    def __init__(self) -> None:
        self._tokens: dict[str, str] = {}

    def __call__(self, ref: str) -> str:
        if ref not in self._tokens:
            vehicle, _ = Vehicle.objects.get_or_create(ref=ref, defaults={"label": ref})
            self._tokens[ref] = vehicle_token_issue(vehicle=vehicle)
        return self._tokens[ref]


class HttpSender:
    """POSTs each vehicle's positions to /ingest/v1/vehicle-positions with its token,
    the way a vehicle's tracker does."""

    def __init__(self, base_url: str, token_for: Callable[[str], str]) -> None:
        self.url = base_url.rstrip("/") + "/ingest/v1/vehicle-positions"
        self.token_for = token_for

    def send(self, items: list[dict], now: datetime.datetime) -> int:
        accepted = 0
        for ref, positions in _by_vehicle(items).items():
            request = urllib.request.Request(
                self.url,
                data=orjson.dumps({"positions": positions}),
                headers={
                    "Authorization": f"Bearer {self.token_for(ref)}",
                    "Content-Type": "application/json",
                },
                method="POST",
            )
            with urllib.request.urlopen(request, timeout=30) as response:
                accepted += orjson.loads(response.read()).get("accepted", 0)
        return accepted


class MqttSender:
    """Publishes each vehicle's positions on its own topic, `balti/vehicles/<id>`, with
    QoS 1; `smartcity transit_ingest` stores them."""

    def __init__(
        self, url: str, *, client_id: str = "smartcity-transit-simulator", topic_root: str = ""
    ) -> None:
        from smartcity.devices.mqtt import Broker, client_new
        from smartcity.transit.realtime.mqtt import TOPIC_ROOT

        self.topic_root = topic_root or TOPIC_ROOT
        broker = Broker.from_url(url)
        self.client = client_new(broker, client_id)
        self.client.connect(broker.host, broker.port)
        self.client.loop_start()

    def send(self, items: list[dict], now: datetime.datetime) -> int:
        sent = [
            self.client.publish(f"{self.topic_root}/{ref}", orjson.dumps(positions), qos=1)
            for ref, positions in _by_vehicle(items).items()
        ]
        for info in sent:
            info.wait_for_publish(timeout=30)
        return sum(info.is_published() for info in sent)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


def _by_vehicle(items: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for item in items:
        position = {k: v for k, v in item.items() if k != "vehicle"}
        grouped.setdefault(item["vehicle"], []).append(position)
    return grouped


class LiveSimulator:
    """Sends, every tick, the latest simulated fix of every run under way, through
    `sender`: over HTTP or MQTT in the demo, so the positions take the real path."""

    def __init__(
        self, *, seed: int, sender: DirectSender | HttpSender | MqttSender | None = None
    ) -> None:
        self.seed = seed
        self.sender = sender or DirectSender()
        self._drives: dict[str, list[DriveSample]] = {}
        self._sent: dict[str, float] = {}

    def _drive(self, plan: TripPlan) -> list[DriveSample]:
        if plan.run_id not in self._drives:
            self._drives[plan.run_id] = list(
                run_drive(
                    plan,
                    vehicle=vehicle_ref(plan),
                    seed=self.seed,
                    start_delay=start_delay(plan, self.seed),
                )
            )
        return self._drives[plan.run_id]

    def tick(self, now: datetime.datetime) -> int:
        """Send what is due at `now`; the number of positions sent and accepted (over
        MQTT: published; the ingest worker stores them)."""
        items = []
        moment = now.timestamp()
        live = set()
        for plan in schedule.runs_around(moment):
            samples = self._drive(plan)
            if not samples[0].time <= moment <= samples[-1].time + 60:
                continue
            live.add(plan.run_id)
            due = [s for s in samples if s.time <= moment]
            latest = due[-1]
            if self._sent.get(plan.run_id) == latest.time:
                continue
            self._sent[plan.run_id] = latest.time
            ref = vehicle_ref(plan)
            Vehicle.objects.get_or_create(ref=ref, defaults={"label": ref})
            items.append(
                {
                    "vehicle": ref,
                    "timestamp": latest.fix.time,
                    "latitude": latest.fix.lat,
                    "longitude": latest.fix.lon,
                    "speed": latest.fix.speed,
                    "bearing": latest.fix.bearing,
                    "route": plan.route_id,
                }
            )
        for run_id in list(self._drives):
            if run_id not in live and run_id in self._sent:
                del self._drives[run_id], self._sent[run_id]
        return self.sender.send(items, now) if items else 0

    def run(self, stop: threading.Event | None = None) -> None:
        stop = stop or threading.Event()
        while not stop.is_set():
            started = time.monotonic()
            try:
                sent = self.tick(timezone.now())
                log.info("transit simulator: %d positions", sent)
            except Exception:  # the demo must keep moving through a passing error
                log.exception("transit simulator tick failed")
            stop.wait(max(0.0, TICK_S - (time.monotonic() - started)))


def local_today() -> datetime.date:
    return datetime.datetime.now(CITY_TZ).date()
