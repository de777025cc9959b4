"""A lean MQTT 5 subscriber for the ingest workers: the part of the protocol they use.

Why not paho-mqtt here (it still publishes for the simulators and the tests): measured
under a backlog, paho spent about 60 µs of Python per received message. It reads each
packet with one select() and three recv() calls, parses every PUBLISH's MQTT 5
properties into objects, builds a threading.Condition per message, and wakes its network
thread with a system call for each acknowledgement. At the hub's aimed rates that is a
third of a core, taken from the database on a 2-core machine. This session reads the
socket in large chunks, slices packets out of the buffer, and acknowledges a committed
batch with one send. It is used from one thread, the worker's.

What it does (MQTT 5.0, OASIS standard): CONNECT with a persistent session (clean start
off, a session expiry) and a receive maximum, which bounds the unacknowledged messages
the broker sends, hence a batch; SUBSCRIBE at QoS 1, so the broker never sends QoS 2;
PUBLISH received at QoS 0 or 1; PUBACK; PINGREQ to keep the connection alive; and
DISCONNECT. It never publishes.
"""

from __future__ import annotations

import socket
import ssl
import struct
import time
from collections.abc import Iterable
from typing import NamedTuple, Protocol

CONNECT, CONNACK, PUBLISH, PUBACK, SUBSCRIBE, SUBACK = 1, 2, 3, 4, 8, 9
PINGREQ, PINGRESP, DISCONNECT = 12, 13, 14
_U16, _U32 = struct.Struct(">H"), struct.Struct(">I")
_PUBACK = struct.Struct(">BBH")  # the short form: reason "success", no properties
READ_SIZE = 256 * 1024
# Reads wait briefly or not at all (`receive`, `tend`); a send may wait this long for room.
SEND_SECONDS = 30.0

# MQTT 5 property identifiers and how their values are encoded (§2.2.2.2): a byte, a
# two- or four-byte integer, a variable byte integer, a UTF-8 string or binary data
# (both two-byte length-prefixed), or a pair of strings.
_PROPERTY_KINDS = {
    **dict.fromkeys((0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A), "byte"),
    **dict.fromkeys((0x13, 0x21, 0x22, 0x23), "u16"),
    **dict.fromkeys((0x02, 0x11, 0x18, 0x27), "u32"),
    0x0B: "varint",
    **dict.fromkeys((0x03, 0x08, 0x09, 0x12, 0x15, 0x16, 0x1A, 0x1C, 0x1F), "bytes"),
    0x26: "pair",
}
SERVER_KEEP_ALIVE, REASON_STRING = 0x13, 0x1F


class MqttError(Exception):
    """The broker refused us, broke the protocol, or the connection was lost."""


class Message(NamedTuple):
    topic: str
    payload: bytes
    packet_id: int  # 0 at QoS 0: nothing to acknowledge
    qos: int


class BrokerAddress(Protocol):
    # Read-only members, so a frozen dataclass (mqtt.Broker) is one.
    @property
    def host(self) -> str: ...
    @property
    def port(self) -> int: ...
    @property
    def username(self) -> str | None: ...
    @property
    def password(self) -> str | None: ...
    @property
    def tls(self) -> bool: ...


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _varint_read(data: bytes | bytearray, pos: int) -> tuple[int, int]:
    """The variable byte integer at `pos` and the position after it."""
    value = 0
    for shift in (0, 7, 14, 21):
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
    raise MqttError("malformed variable byte integer")


def _string(text: str) -> bytes:
    data = text.encode()
    return _U16.pack(len(data)) + data


def _packet(kind: int, flags: int, body: bytes) -> bytes:
    return bytes([kind << 4 | flags]) + _varint(len(body)) + body


def _properties(data: bytes, pos: int) -> tuple[dict[int, object], int]:
    """The properties at `pos` (their length first) and the position after them."""
    length, pos = _varint_read(data, pos)
    end, found = pos + length, {}
    while pos < end:
        ident = data[pos]
        pos += 1
        kind = _PROPERTY_KINDS.get(ident)
        value: object
        if kind == "byte":
            value, pos = data[pos], pos + 1
        elif kind == "u16":
            value, pos = _U16.unpack_from(data, pos)[0], pos + 2
        elif kind == "u32":
            value, pos = _U32.unpack_from(data, pos)[0], pos + 4
        elif kind == "varint":
            value, pos = _varint_read(data, pos)
        elif kind == "bytes":
            size = _U16.unpack_from(data, pos)[0]
            value, pos = data[pos + 2 : pos + 2 + size], pos + 2 + size
        elif kind == "pair":
            for _ in range(2):
                pos += 2 + _U16.unpack_from(data, pos)[0]
            continue
        else:
            raise MqttError(f"unknown property {ident:#x}")
        found[ident] = value
    return found, end


class BrokerSession:
    """One connection of a subscriber to its broker, with its persistent session."""

    def __init__(
        self,
        broker: BrokerAddress,
        client_id: str,
        *,
        session_seconds: int,
        receive_maximum: int,
        keep_alive: int = 30,
    ) -> None:
        self.broker = broker
        self.client_id = client_id
        self.session_seconds = session_seconds
        self.receive_maximum = receive_maximum
        self.keep_alive = keep_alive
        self._sock: socket.socket | None = None
        self._buffer = bytearray()
        self._received: list[Message] = []
        self._replies: list[tuple[int, bytes]] = []
        self._last_sent = self._last_heard = 0.0
        self._ping_sent_at: float | None = None

    # -- connecting ------------------------------------------------------------------

    def connect(self, timeout: float = 10.0) -> bool:
        """Open the connection and the session; whether the broker still had it."""
        broker = self.broker
        sock = socket.create_connection((broker.host, broker.port), timeout=timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if broker.tls:
            sock = ssl.create_default_context().wrap_socket(sock, server_hostname=broker.host)
        self._sock = sock
        flags = (0x80 if broker.username else 0) | (0x40 if broker.password else 0)
        properties = (
            b"\x11" + _U32.pack(self.session_seconds) + b"\x21" + _U16.pack(self.receive_maximum)
        )
        body = (
            _string("MQTT")
            + bytes([5, flags])  # protocol version 5; clean start off: keep the session
            + _U16.pack(self.keep_alive)
            + _varint(len(properties))
            + properties
            + _string(self.client_id)
        )
        if broker.username:
            body += _string(broker.username)
        if broker.password:
            body += _string(broker.password)
        self._send(_packet(CONNECT, 0, body))
        data = self._reply(CONNACK, timeout)
        reason = data[1]
        found, _end = _properties(data, 2)
        if reason >= 0x80:
            detail = found.get(REASON_STRING, b"")
            raise MqttError(f"the broker refused the connection: reason {reason:#x} {detail!r}")
        server_keep_alive = found.get(SERVER_KEEP_ALIVE)
        if isinstance(server_keep_alive, int):
            self.keep_alive = server_keep_alive
        return bool(data[0] & 0x01)

    def subscribe(self, topic_filter: str, timeout: float = 10.0) -> None:
        """Subscribe at QoS 1 (messages sent before the answer are kept for `receive`)."""
        packet_id = 1
        body = _U16.pack(packet_id) + b"\x00" + _string(topic_filter) + b"\x01"
        self._send(_packet(SUBSCRIBE, 0b0010, body))
        data = self._reply(SUBACK, timeout)
        _found, pos = _properties(data, 2)
        if any(code >= 0x80 for code in data[pos:]):
            raise MqttError(
                f"the broker refused the subscription to {topic_filter}: {data[pos:]!r}"
            )

    def close(self) -> None:
        if self._sock is None:
            return
        try:
            self._send(_packet(DISCONNECT, 0, b""))
        except OSError:
            pass  # leaving anyway
        finally:
            self._sock.close()
            self._sock = None

    # -- receiving and acknowledging ---------------------------------------------------

    def receive(self, limit: int, wait: float, linger: float) -> list[Message]:
        """Up to `limit` messages: waits up to `wait` seconds for the first, then up to
        `linger` seconds more for others to join it (a batch under load, a prompt reply
        when quiet)."""
        deadline = time.monotonic() + wait
        lingering = False
        while len(self._received) < limit:
            if self._received and not lingering:
                lingering, deadline = True, time.monotonic() + linger
            left = deadline - time.monotonic()
            if left <= 0:
                break
            self.ping_if_due()
            self._read(min(left, 1.0))
        batch, self._received = self._received[:limit], self._received[limit:]
        return batch

    @property
    def waiting(self) -> int:
        """Messages received from the broker and not yet handed out by `receive`."""
        return len(self._received)

    def ack(self, messages: Iterable[Message]) -> None:
        """Acknowledge messages at QoS 1, all in one send."""
        data = b"".join(_PUBACK.pack(0x40, 2, m.packet_id) for m in messages if m.packet_id)
        if data:
            self._send(data)

    def tend(self) -> None:
        """While busy with something else: take in what has arrived (kept for `receive`;
        the receive maximum bounds it) and ping if due, so the connection stays alive."""
        self._read(0.0)
        self.ping_if_due()

    def ping_if_due(self) -> None:
        """Keep the connection alive; a broker silent for too long after a ping is gone."""
        now = time.monotonic()
        if self._ping_sent_at is not None and now - self._ping_sent_at > self.keep_alive:
            raise MqttError("the broker stopped answering")
        if self.keep_alive and now - self._last_sent >= self.keep_alive / 2:
            self._send(_packet(PINGREQ, 0, b""))
            if self._ping_sent_at is None:
                self._ping_sent_at = now

    # -- the wire ----------------------------------------------------------------------

    def _send(self, data: bytes) -> None:
        if self._sock is None:
            raise MqttError("not connected")
        self._sock.settimeout(SEND_SECONDS)
        self._sock.sendall(data)
        self._last_sent = time.monotonic()

    def _reply(self, kind: int, timeout: float) -> bytes:
        """The body of the next packet of `kind` the broker sends."""
        deadline = time.monotonic() + timeout
        while True:
            for n, (got, body) in enumerate(self._replies):
                if got == kind:
                    del self._replies[n]
                    return body
            left = deadline - time.monotonic()
            if left <= 0:
                raise MqttError(f"no answer from the broker within {timeout:.0f} s")
            self._read(left)

    def _read(self, timeout: float) -> None:
        """Read what has arrived (waiting up to `timeout`) and take its whole packets."""
        if self._sock is None:
            raise MqttError("not connected")
        self._sock.settimeout(timeout)  # 0: do not wait at all
        try:
            data = self._sock.recv(READ_SIZE)
        except (TimeoutError, BlockingIOError, ssl.SSLWantReadError):
            return
        if not data:
            raise MqttError("the broker closed the connection")
        self._last_heard = time.monotonic()
        self._ping_sent_at = None  # anything heard shows the broker is there
        self._buffer += data
        self._packets_take()

    def _packets_take(self) -> None:
        buffer, pos, size = self._buffer, 0, len(self._buffer)
        received = self._received
        while size - pos >= 2:
            first = buffer[pos]
            try:
                length, start = _varint_read(buffer, pos + 1)
            except IndexError:
                break  # the length itself is not all here yet
            end = start + length
            if end > size:
                break
            kind = first >> 4
            if kind == PUBLISH:
                qos = (first >> 1) & 0x03
                topic_end = start + 2 + (buffer[start] << 8 | buffer[start + 1])
                topic = buffer[start + 2 : topic_end].decode("utf-8", "replace")
                packet_id = 0
                if qos:
                    packet_id = buffer[topic_end] << 8 | buffer[topic_end + 1]
                    topic_end += 2
                skip, payload_start = _varint_read(buffer, topic_end)
                payload = bytes(buffer[payload_start + skip : end])
                received.append(Message(topic, payload, packet_id, qos))
            elif kind == DISCONNECT:
                reason = buffer[start] if length else 0
                raise MqttError(f"the broker disconnected us: reason {reason:#x}")
            elif kind in (CONNACK, SUBACK):
                self._replies.append((kind, bytes(buffer[start:end])))
            # PINGRESP needs nothing; PUBACK and others do not come to a subscriber.
            pos = end
        del buffer[:pos]
