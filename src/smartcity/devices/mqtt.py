"""The MQTT side of ingestion: `smartcity ingest` consumes device topics in batches.

Devices publish to `balti/devices/<type>/<device id>` (type as in `types.py`, e.g.
`balti/devices/streetlight/SL-CENTRU-0001`) with QoS 1; the payload is one reading
without its device, or a list of them: {"observedAt": "…Z", "values": {…}}.

Delivery is at least once and nothing acknowledged is lost: the worker keeps a
persistent MQTT 5 session, acknowledges each message only after the batch holding it
is committed, and a redelivered message is a no-op thanks to idempotent storage. Several
workers share the load through a shared subscription (`$share/<group>/…`).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import urllib.parse
from dataclasses import dataclass

import orjson
import paho.mqtt.client as mqtt
from django.db import DatabaseError, close_old_connections
from django.utils import timezone
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from smartcity.devices.ingest import TRUSTED, Rejection, readings_ingest, rejections_count
from smartcity.devices.models import RejectedReadings

log = logging.getLogger(__name__)

TOPIC_ROOT = "balti/devices"
SESSION_SECONDS = 7 * 24 * 3600
# How many unacknowledged messages the broker may have in flight to one worker: a batch
# is acknowledged only after its commit, so this bounds the batch size.
RECEIVE_MAXIMUM = 10_000


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
    message: mqtt.MQTTMessage, topic_root: str
) -> tuple[list, str | None, Rejection | None]:
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
    def __init__(
        self,
        *,
        url: str,
        client_id: str,
        group: str = "ingest",
        # Under a backlog, 5,000 messages a statement cost a quarter less time per
        # reading than 2,000 (measured on PostgreSQL); a quiet stream is not held back.
        batch_size: int = 5000,
        batch_seconds: float = 0.2,
        session_seconds: int = SESSION_SECONDS,
        topic_root: str = TOPIC_ROOT,
    ) -> None:
        self.broker = Broker.from_url(url)
        self.client_id = client_id
        # Another root keeps test runs that share one broker from reading each other's traffic.
        self.topic_root = topic_root
        self.topic = f"$share/{group}/{topic_root}/+/+"
        self.batch_size = min(batch_size, RECEIVE_MAXIMUM)
        self.batch_seconds = batch_seconds
        self.inbox: queue.Queue[mqtt.MQTTMessage] = queue.Queue()
        self.stored = 0
        self.refused = 0
        self.session_seconds = session_seconds
        self.connected = threading.Event()
        self.subscribed = threading.Event()
        self._client: mqtt.Client | None = None

    def _on_connect(self, client, _userdata, _flags, reason_code, _properties) -> None:  # noqa: ANN001
        if reason_code.is_failure:
            log.error("broker refused the connection: %s", reason_code)
            return
        client.subscribe(self.topic, qos=1)
        self.connected.set()

    def _on_subscribe(self, _client, _userdata, _mid, reason_codes, _properties) -> None:  # noqa: ANN001
        if all(not code.is_failure for code in reason_codes):
            self.subscribed.set()
        else:
            log.error("broker refused the subscription to %s: %s", self.topic, reason_codes)

    def _on_message(self, _client, _userdata, message: mqtt.MQTTMessage) -> None:  # noqa: ANN001
        self.inbox.put(message)

    def _next_batch(self, stop: threading.Event) -> list[mqtt.MQTTMessage]:
        batch: list[mqtt.MQTTMessage] = []
        deadline = None
        while len(batch) < self.batch_size and not stop.is_set():
            timeout = 0.5 if deadline is None else deadline - time.monotonic()
            if timeout <= 0:
                break
            try:
                batch.append(self.inbox.get(timeout=timeout))
            except queue.Empty:
                if deadline is not None:
                    break
                continue
            deadline = deadline or time.monotonic() + self.batch_seconds
        return batch

    def _store(self, batch: list[mqtt.MQTTMessage]) -> None:
        items: list = []
        segments: list[str] = []
        unreadable: list[Rejection] = []
        for message in batch:
            readings, segment, refusal = _readings_of(message, self.topic_root)
            if refusal is not None:
                unreadable.append(refusal)
                continue
            items += readings
            segments += [segment] * len(readings)
        result = readings_ingest(items, credential=TRUSTED, segments=segments)
        if unreadable:
            rejections_count(unreadable, timezone.now())
        self.stored += result.accepted
        self.refused += len(result.rejected) + len(unreadable)

    def run(self, stop: threading.Event | None = None) -> None:
        stop = stop or threading.Event()
        client = self._client = client_new(self.broker, self.client_id, manual_ack=True)
        client.on_connect = self._on_connect
        client.on_message = self._on_message
        client.on_subscribe = self._on_subscribe
        properties = Properties(PacketTypes.CONNECT)
        properties.SessionExpiryInterval = self.session_seconds
        properties.ReceiveMaximum = RECEIVE_MAXIMUM
        client.connect(
            self.broker.host,
            self.broker.port,
            keepalive=30,
            clean_start=False,
            properties=properties,
        )
        client.loop_start()
        try:
            while not stop.is_set():
                batch = self._next_batch(stop)
                if batch:
                    self._store_until_done(batch, stop)
        finally:
            client.disconnect()
            client.loop_stop()

    def _store_until_done(self, batch: list[mqtt.MQTTMessage], stop: threading.Event) -> None:
        while True:
            try:
                self._store(batch)
                break
            except DatabaseError:
                # The database is away: keep the batch unacknowledged and try again. If
                # the worker dies meanwhile, the broker redelivers the batch to a peer.
                log.exception("storing a batch failed; retrying")
                close_old_connections()
                if stop.wait(1.0):
                    return
        for message in batch:
            self._client.ack(message.mid, message.qos)
