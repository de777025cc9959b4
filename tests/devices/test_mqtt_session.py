"""The ingest workers' MQTT 5 session: with the real broker, and with a scripted one for
what Mosquitto will not do on request (refusing, splitting packets, falling silent)."""

from __future__ import annotations

import contextlib
import os
import socket
import struct
import threading
import time
import uuid

import pytest

from smartcity.devices.mqtt import Broker
from smartcity.devices.mqtt_session import BrokerSession, MqttError
from tests.devices.test_mqtt import publish

BROKER = os.environ.get("SMARTCITY_TEST_MQTT_URL", "mqtt://127.0.0.1:1883")
pytestmark = pytest.mark.real_time


def session_of(url: str, client_id: str, **options) -> BrokerSession:
    options.setdefault("session_seconds", 60)
    options.setdefault("receive_maximum", 100)
    return BrokerSession(Broker.from_url(url), client_id, **options)


def test_unacknowledged_messages_come_again_on_the_next_connection_acknowledged_do_not():
    root, client_id = f"test-{uuid.uuid4().hex[:8]}", f"test-session-{uuid.uuid4().hex[:8]}"
    first = session_of(BROKER, client_id)
    assert first.connect() is False  # a new session
    first.subscribe(f"{root}/#")
    publish([(f"{root}/a", {"n": n}) for n in range(6)])
    got = first.receive(6, wait=10, linger=2)
    assert sorted(m.payload for m in got) == [f'{{"n":{n}}}'.encode() for n in range(6)]
    assert all(m.qos == 1 and m.packet_id for m in got)
    first.ack(got[:4])
    time.sleep(0.3)  # let the broker take the acknowledgements before we go
    first._sock.close()  # gone without a word, as a killed worker is
    again = session_of(BROKER, client_id, session_seconds=0)
    try:
        assert again.connect() is True  # the broker kept the session
        back = again.receive(10, wait=10, linger=1)
        assert sorted(m.payload for m in back) == sorted(m.payload for m in got[4:])
        again.ack(back)
    finally:
        again.close()


class ScriptedBroker:
    """A listening socket that answers a client with bytes the test gives it."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"mqtt://127.0.0.1:{self.server.getsockname()[1]}"
        self.heard = bytearray()
        self._client: socket.socket | None = None
        self._accepted = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        self._client, _ = self.server.accept()
        self._accepted.set()
        while True:
            try:
                data = self._client.recv(65536)
            except OSError:
                return
            if not data:
                return
            self.heard += data

    def hears(self, data: bytes, seconds: float = 5.0) -> bool:
        """Whether the client has sent `data` (waiting up to `seconds` for it)."""
        deadline = time.monotonic() + seconds
        while data not in bytes(self.heard):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def send(self, data: bytes) -> None:
        assert self._accepted.wait(10)
        self._client.sendall(data)

    def close(self) -> None:
        if self._client:
            with contextlib.suppress(OSError):  # closed already
                self._client.shutdown(socket.SHUT_RDWR)  # a FIN now, whoever is reading
            self._client.close()
        self.server.close()


@pytest.fixture
def scripted():
    broker = ScriptedBroker()
    yield broker
    broker.close()


def connack(reason: int = 0, properties: bytes = b"") -> bytes:
    body = bytes([0, reason, len(properties)]) + properties
    return bytes([0x20, len(body)]) + body


def connect_in_thread(session: BrokerSession) -> list:
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(session.connect(timeout=5))
        except MqttError as error:
            outcome.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    return [thread, outcome]


def test_a_refused_connection_says_why(scripted):
    session = session_of(scripted.url, "refused")
    thread, outcome = connect_in_thread(session)
    reason_string = b"\x1f" + struct.pack(">H", 12) + b"who are you?"
    scripted.send(connack(0x86, reason_string))
    thread.join(5)
    assert isinstance(outcome[0], MqttError)
    assert "0x86" in str(outcome[0]) and "who are you?" in str(outcome[0])


def test_the_connect_packet_asks_for_a_kept_session_and_a_receive_maximum(scripted):
    session = session_of(scripted.url, "worker-7", session_seconds=3600, receive_maximum=5000)
    thread, outcome = connect_in_thread(session)
    scripted.send(connack())
    thread.join(5)
    assert outcome == [False]
    assert scripted.hears(b"\x00\x08worker-7")
    heard = bytes(scripted.heard)
    assert heard[0] == 0x10 and b"\x00\x04MQTT\x05" in heard
    flags = heard[heard.index(b"MQTT") + 5]
    assert flags & 0x02 == 0  # clean start off: the broker keeps what arrives while away
    assert b"\x11" + struct.pack(">I", 3600) in heard  # session expiry
    assert b"\x21" + struct.pack(">H", 5000) in heard  # receive maximum
    assert heard.endswith(b"\x00\x08worker-7")


def publish_packet(topic: str, payload: bytes, packet_id: int, properties: bytes) -> bytes:
    body = (
        struct.pack(">H", len(topic))
        + topic.encode()
        + struct.pack(">H", packet_id)
        + bytes([len(properties)])
        + properties
        + payload
    )
    return bytes([0x32, len(body)]) + body


def test_a_message_split_across_reads_is_taken_whole_with_its_properties_skipped(scripted):
    session = session_of(scripted.url, "split")
    thread, _outcome = connect_in_thread(session)
    scripted.send(connack())
    thread.join(5)
    properties = (
        b"\x02"
        + struct.pack(">I", 60)  # message expiry
        + b"\x03"
        + struct.pack(">H", 16)
        + b"application/json"  # content type
        + b"\x26"
        + struct.pack(">H", 1)
        + b"k"
        + struct.pack(">H", 1)
        + b"v"  # user property
    )
    whole = publish_packet("balti/devices/streetlight/SL-1", b'{"a":1}', 513, properties)
    whole += publish_packet("balti/devices/streetlight/SL-2", b'{"b":2}', 514, b"")

    def trickle() -> None:
        for piece in (whole[:1], whole[1:9], whole[9:40], whole[40:]):
            scripted.send(piece)
            time.sleep(0.05)

    threading.Thread(target=trickle).start()
    got = session.receive(2, wait=5, linger=1)
    assert [(m.topic, m.payload, m.packet_id) for m in got] == [
        ("balti/devices/streetlight/SL-1", b'{"a":1}', 513),
        ("balti/devices/streetlight/SL-2", b'{"b":2}', 514),
    ]
    session.ack(got)
    # Both acknowledgements, in the short form, arrive together.
    assert scripted.hears(b"\x40\x02\x02\x01\x40\x02\x02\x02")


def test_a_quiet_session_pings_and_notices_a_broker_that_stopped_answering(scripted):
    session = session_of(scripted.url, "quiet", keep_alive=1)
    thread, _outcome = connect_in_thread(session)
    scripted.send(connack())
    thread.join(5)
    with pytest.raises(MqttError, match="stopped answering"):
        session.receive(1, wait=5, linger=0)
    assert scripted.hears(b"\xc0\x00")  # PINGREQ, never answered


def test_a_broker_closing_the_connection_is_an_error_not_a_silence(scripted):
    session = session_of(scripted.url, "closed")
    thread, _outcome = connect_in_thread(session)
    scripted.send(connack())
    thread.join(5)
    scripted.close()
    with pytest.raises(MqttError, match="closed the connection"):
        session.receive(1, wait=5, linger=0)


def test_a_busy_worker_tending_its_session_pings_and_keeps_what_arrives(scripted):
    session = session_of(scripted.url, "busy", keep_alive=1)
    thread, _outcome = connect_in_thread(session)
    scripted.send(connack())
    thread.join(5)
    scripted.send(publish_packet("balti/devices/air/AQ-1", b'{"c":3}', 7, b""))
    time.sleep(0.6)  # past half the keep-alive, and the message has arrived
    session.tend()  # never waits
    assert scripted.hears(b"\xc0\x00")
    got = session.receive(5, wait=0.1, linger=0)
    assert [(m.topic, m.packet_id) for m in got] == [("balti/devices/air/AQ-1", 7)]
