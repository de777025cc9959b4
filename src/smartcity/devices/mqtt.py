"""The MQTT side of ingestion: `smartcity ingest` consumes device topics in batches.

Devices publish to `balti/devices/<type>/<device id>` (type as in `types.py`, e.g.
`balti/devices/streetlight/SL-CENTRU-0001`) with QoS 1; the payload is one reading
without its device, or a list of them: {"observedAt": "…Z", "values": {…}}.

Delivery is at least once and nothing acknowledged is lost: the worker keeps a
persistent MQTT 5 session, acknowledges each message only after the batch holding it
is committed, and a redelivered message is a no-op thanks to idempotent storage. The
worker reads through `mqtt_session` (see why there); publishers use paho-mqtt
(`client_new`).

Several workers split the devices between them by partition (`partition=(i, n)`): each
holds a plain subscription to every device topic and stores the devices whose id hashes
to its own part, acknowledging the others unread. Not a shared subscription
(`$share/<group>/…`): Mosquitto 2.0 does not write shared subscriptions to its
persistence file (persist__subs_save walks only the plain ones), so after a broker
restart a worker's session comes back without its subscription, and every reading
acknowledged to a device before the worker has subscribed again is dropped, for want
of a subscriber. A plain subscription is restored with the session, and the broker
queues for the worker from its first second up.
"""

from __future__ import annotations

import collections
import dataclasses
import logging
import threading
import time
import urllib.parse
import zlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any, cast

import orjson
import paho.mqtt.client as mqtt
from django.db import Error, close_old_connections, connections
from django.db import connection as db_connection
from django.utils import timezone
from paho.mqtt.enums import CallbackAPIVersion

from smartcity.devices.ingest import (
    TRUSTED,
    Rejection,
    ValidatedReadings,
    readings_store,
    readings_validate,
    rejections_count,
)
from smartcity.devices.models import RejectedReadings
from smartcity.devices.mqtt_session import BrokerSession, Message, MqttError

log = logging.getLogger(__name__)

TOPIC_ROOT = "balti/devices"
SESSION_SECONDS = 7 * 24 * 3600
# How often an ingest worker tells /readyz and /metrics how it fares (operations'
# heartbeats); two minutes of silence and it counts as gone.
HEARTBEAT_SECONDS = 10.0
# How many unacknowledged messages the broker may have in flight to one worker: a batch
# is acknowledged only after its commit, so this bounds the batch size.
RECEIVE_MAXIMUM = 10_000

# What this worker's `_prepare` makes of a batch: its validated readings, and the
# messages that could not be read. The methods take `object`: a subclass (transit's
# vehicle positions) prepares something else.
Prepared = tuple[ValidatedReadings, list[Rejection]]


@dataclass(frozen=True)
class Broker:
    host: str
    port: int
    username: str | None
    password: str | None
    tls: bool

    @classmethod
    def from_url(cls, url: str) -> Broker:
        parts = urllib.parse.urlsplit(url)
        tls = parts.scheme == "mqtts"
        return cls(
            parts.hostname or "127.0.0.1",
            parts.port or (8883 if tls else 1883),
            urllib.parse.unquote(parts.username) if parts.username else None,
            urllib.parse.unquote(parts.password) if parts.password else None,
            tls,
        )


def partition_parse(text: str) -> tuple[int, int]:
    """`"2/3"` (the second of three workers, as the commands take it) → `(1, 3)`."""
    number, _, count = text.partition("/")
    try:
        part = (int(number) - 1, int(count))
    except ValueError:
        raise ValueError(f"a partition is I/N, e.g. 1/2, not {text!r}") from None
    if not 0 <= part[0] < part[1]:
        raise ValueError(f"a partition is I/N with 1 ≤ I ≤ N, not {text!r}")
    return part


def client_new(broker: Broker, client_id: str, *, manual_ack: bool = False) -> mqtt.Client:
    client = mqtt.Client(
        CallbackAPIVersion.VERSION2,
        client_id=client_id,
        protocol=mqtt.MQTTv5,
        manual_ack=manual_ack,
    )
    if broker.username:
        client.username_pw_set(broker.username, broker.password)
    if broker.tls:
        client.tls_set()
    return client


def _readings_of(
    message: Message, topic_root: str
) -> tuple[list[object], str | None, Rejection | None]:
    """The message's readings and its topic's type segment, or why it cannot be read."""
    parts = message.topic.split("/")
    root = topic_root.split("/")
    if len(parts) != len(root) + 2 or parts[: len(root)] != root or not parts[-1]:
        return [], None, Rejection(0, "?", RejectedReadings.Reason.MALFORMED, "unknown topic")
    segment, ref = parts[-2], parts[-1]
    try:
        payload = orjson.loads(message.payload)
    except orjson.JSONDecodeError:
        return [], None, Rejection(0, ref, RejectedReadings.Reason.MALFORMED, "payload is not JSON")
    items = payload if isinstance(payload, list) else [payload]
    for item in items:
        if isinstance(item, dict):
            item["device"] = ref  # the topic names the device, whatever the payload says
    return items, segment, None


class IngestWorker:
    # Its heartbeat's kind (operations.ProcessHeartbeat.Kind).
    heartbeat_kind = "ingest"

    def __init__(
        self,
        *,
        url: str,
        client_id: str,
        # This worker's part of the devices, (index, count), index from 0.
        partition: tuple[int, int] = (0, 1),
        # Under a backlog, 5,000 messages a statement cost a quarter less time per
        # reading than 2,000 (measured on PostgreSQL); a quiet stream is not held back.
        batch_size: int = 5000,
        batch_seconds: float = 0.2,
        session_seconds: int = SESSION_SECONDS,
        topic_root: str = TOPIC_ROOT,
        # Database connections storing a batch at once, each a part of the devices: the
        # database then works on as many cores. Default: 2 on PostgreSQL; 1 on SQLite,
        # which takes one writer at a time.
        connections: int | None = None,
        # The worker's own broker account (see broker_auth); else the URL's user, if any.
        username: str = "",
        password: str = "",
        heartbeat_seconds: float = HEARTBEAT_SECONDS,
    ) -> None:
        if connections is None:
            connections = 2 if db_connection.vendor == "postgresql" else 1
        self.connections = max(1, connections)
        self.broker = Broker.from_url(url)
        if password:
            self.broker = dataclasses.replace(self.broker, username=username, password=password)
        self.client_id = client_id
        index, count = partition
        if not 0 <= index < count:
            raise ValueError(f"no part {index} of {count}")
        self.partition = partition
        # Another root keeps test runs that share one broker from reading each other's traffic.
        self.topic_root = topic_root
        self.topic = f"{topic_root}/+/+"
        self.batch_size = min(batch_size, RECEIVE_MAXIMUM)
        self.batch_seconds = batch_seconds
        self.stored = 0
        self.refused = 0
        self.session_seconds = session_seconds
        self.connected = threading.Event()
        self.subscribed = threading.Event()
        self._counting = threading.Lock()
        # (when received, how many messages) of each batch not yet stored and acknowledged.
        self._unstored: collections.deque[tuple[float, int]] = collections.deque()
        self._session: BrokerSession | None = None
        self.heartbeat_seconds = heartbeat_seconds

    def figures(self) -> dict[str, float | int]:
        """How the worker fares, for its heartbeat: `lag_seconds`, how long the oldest
        message received and not yet stored has waited (it grows while the database is
        away or too slow); `backlog`, the messages received and not yet stored."""
        with self._counting:
            oldest = self._unstored[0][0] if self._unstored else None
            backlog = sum(size for _, size in self._unstored)
            stored, refused = self.stored, self.refused
        session = self._session
        backlog += session.waiting if session is not None else 0
        lag = time.monotonic() - oldest if oldest is not None else 0.0
        return {
            "lag_seconds": round(lag, 3),
            "backlog": backlog,
            "stored": stored,
            "refused": refused,
        }

    def _mine(self, batch: list[Message]) -> list[Message]:
        """The messages of this worker's devices: by a hash of the topic's last segment
        (the device), the same in every process, so each device has one worker."""
        index, count = self.partition
        if count == 1:
            return batch
        return [
            m for m in batch if zlib.crc32(m.topic.rpartition("/")[2].encode()) % count == index
        ]

    def _prepare(self, batch: list[Message]) -> object:
        """A batch's Python work, JSON and validation, done while the one before is
        being stored; what `_commit` takes."""
        items: list[object] = []
        segments: list[str | None] = []
        unreadable: list[Rejection] = []
        for message in batch:
            readings, segment, refusal = _readings_of(message, self.topic_root)
            if refusal is not None:
                unreadable.append(refusal)
                continue
            items += readings
            segments += [segment] * len(readings)
        return readings_validate(items, credential=TRUSTED, segments=segments), unreadable

    def _parts(self, prepared: object) -> list[object]:
        """A prepared batch in parts stored at once, each through its own connection:
        by device, so one device's readings always go through one part, in order."""
        validated, unreadable = cast(Prepared, prepared)  # what _prepare made
        parts = [ValidatedReadings([], [], [], validated.now) for _ in range(self.connections)]
        parts[0].rejected = validated.rejected
        position = 0
        for size in validated.counts:
            rows = validated.rows[position : position + size]
            part = parts[rows[0].device_id % self.connections]
            part.rows += rows
            part.counts.append(size)
            position += size
        return [(part, unreadable if n == 0 else []) for n, part in enumerate(parts)]

    def _commit(self, prepared: object) -> bool:
        """Store a prepared batch; True once committed."""
        validated, unreadable = cast(Prepared, prepared)  # what _prepare made
        result = readings_store(validated)
        if unreadable:
            rejections_count(unreadable, timezone.now())
        with self._counting:
            self.stored += result.accepted
            self.refused += len(result.rejected) + len(unreadable)
        return True

    def run(self, stop: threading.Event | None = None) -> None:
        """Consume until `stop` is set, reconnecting (with a growing pause) when the
        broker is away; the persistent session keeps what arrives meanwhile."""
        stop = stop or threading.Event()
        beating = threading.Thread(
            target=self._beat_until, args=(stop,), name="heartbeat", daemon=True
        )
        beating.start()
        pause = 1.0
        while not stop.is_set():
            session = BrokerSession(
                self.broker,
                self.client_id,
                session_seconds=self.session_seconds,
                receive_maximum=RECEIVE_MAXIMUM,
            )
            try:
                session.connect()
                self._session = session
                self.connected.set()
                session.subscribe(self.topic)
                self.subscribed.set()
                pause = 1.0
                self._consume(session, stop)
            except (OSError, MqttError) as error:
                # Unacknowledged messages of this connection come again on the next one.
                log.warning("broker connection lost (%s); again in %.0f s", error, pause)
                stop.wait(pause)
                pause = min(pause * 2, 30.0)
            finally:
                self._session = None
                with self._counting:
                    self._unstored.clear()  # unacknowledged: the broker sends them again
                session.close()
        beating.join(timeout=self.heartbeat_seconds + 5)

    def _beat_until(self, stop: threading.Event) -> None:
        """The heartbeat, every `heartbeat_seconds` until `stop`, on this thread's own
        connection; a beat the database misses is simply missed. A worker that stops
        takes its heartbeat away, so one scaled down is not reported as gone."""
        from smartcity.operations import services

        name, started_at = self.client_id, timezone.now()
        while True:
            try:
                if stop.is_set():
                    services.heartbeat_forget(kind=self.heartbeat_kind, name=name)
                    break
                services.heartbeat_beat(
                    kind=self.heartbeat_kind,
                    name=name,
                    started_at=started_at,
                    details=self.figures(),
                )
            except Error as error:
                log.warning("heartbeat: database unreachable (%s)", str(error).strip())
                close_old_connections()
                if stop.is_set():
                    break
            stop.wait(self.heartbeat_seconds)
        db_connection.close()

    def _consume(self, session: BrokerSession, stop: threading.Event) -> None:
        """Receive and prepare a batch while the one before is stored by another thread
        (the database works on the other core meanwhile); acknowledge each batch once
        it is committed. One batch is stored at a time, in the order received."""
        storing: tuple[list[Message], list[Future[bool]]] | None = None
        with ThreadPoolExecutor(max_workers=self.connections, thread_name_prefix="store") as storer:
            try:
                while not stop.is_set():
                    batch = session.receive(self.batch_size, wait=0.5, linger=self.batch_seconds)
                    received_at = time.monotonic()
                    mine = self._mine(batch)
                    prepared = self._until_done(self._prepare, mine, stop) if mine else None
                    if storing is not None:
                        self._ack_when_stored(*storing, session)
                        storing = None
                    if batch and not mine:
                        session.ack(batch)  # other workers' devices: in order, after the last
                    if prepared is not None:
                        with self._counting:
                            self._unstored.append((received_at, len(batch)))
                        storing = (
                            batch,
                            [
                                storer.submit(self._until_done, self._commit, part, stop)
                                for part in self._parts(prepared)
                            ],
                        )
                if storing is not None:
                    self._ack_when_stored(*storing, session)
            finally:
                # The storing threads' own database connections go with them: one call
                # in each thread (the barrier holds each until all have one).
                together = threading.Barrier(self.connections)

                def close_own() -> None:
                    together.wait(timeout=30)
                    connections.close_all()

                for closed in [storer.submit(close_own) for _ in range(self.connections)]:
                    closed.result()

    def _ack_when_stored(
        self, batch: list[Message], parts: list[Future], session: BrokerSession
    ) -> None:
        committed = True
        for stored in parts:
            while True:
                try:
                    committed = stored.result(timeout=1.0) and committed
                    break
                except FutureTimeout:
                    session.tend()  # a long retry must not cost the connection
        if committed:
            session.ack(batch)
            with self._counting:
                if self._unstored:
                    self._unstored.popleft()

    @staticmethod
    def _until_done(work: Callable[[Any], Any], arguments: Any, stop: threading.Event) -> Any:  # noqa: ANN401
        """`work(arguments)`, tried again while the database is away; None if stopped
        first (the batch then stays unacknowledged: the broker redelivers it to a peer,
        or to this worker when it comes back)."""
        while True:
            try:
                return work(arguments)
            # Error, not only DatabaseError: a connection the server closed under us (a
            # restart, pg_terminate_backend) raises InterfaceError once Django sees it.
            except Error:
                log.exception("the database failed a batch; retrying")
                close_old_connections()
                if stop.wait(1.0):
                    return None
