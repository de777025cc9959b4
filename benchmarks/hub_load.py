"""Load generators for the data hub's ingest benchmark, run as their own processes.

    python -m benchmarks.hub_load mqtt URL  --first N --count N --start ISO --seconds S
    python -m benchmarks.hub_load http URL TOKEN --first N --count N --start ISO --seconds S

Each sends street-light readings as devices and gateways do (one reading per MQTT message
on the device's own topic with QoS 1; batches of readings in one HTTP POST with a gateway's
token) as fast as the hub takes them, for at most `--seconds` and `--limit` readings, then
prints how many it sent. Device i of its share is SL-BENCH-<first + i>; the k-th reading
of a device is observed at `--start` plus k milliseconds, so every reading is new and the
stored rows can be counted by time. No Django here: the load must cost little CPU.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import signal
import sys
import threading
import time
import urllib.parse

import orjson

LIGHT_VALUES = ("powerState", "illuminanceLevel", "activePower")  # values per reading
# Set by SIGTERM: the benchmark's window is over; say how many were sent and stop.
stopped = threading.Event()


def light_ref(number: int) -> str:
    return f"SL-BENCH-{number:05d}"


def light_readings(first: int, count: int, start: datetime.datetime):  # noqa: ANN202
    """Endless (ref, observedAt, values) of the share's devices, in turn."""
    refs = [light_ref(first + i) for i in range(count)]
    step = 0
    while True:
        moment = (start + datetime.timedelta(milliseconds=step)).isoformat()
        moment = moment.replace("+00:00", "Z")
        for n, ref in enumerate(refs):
            power = 40.0 + (n + step) % 30
            yield ref, moment, {"powerState": "on", "illuminanceLevel": 0.8, "activePower": power}
        step += 1


def mqtt_publish(url: str, args: argparse.Namespace) -> int:
    import paho.mqtt.client as mqtt
    from paho.mqtt.enums import CallbackAPIVersion

    parts = urllib.parse.urlsplit(url)
    client = mqtt.Client(
        CallbackAPIVersion.VERSION2,
        client_id=f"bench-pub-{args.first}-{time.time_ns()}",
        protocol=mqtt.MQTTv5,
    )
    client.max_inflight_messages_set(2000)
    client.connect(parts.hostname or "127.0.0.1", parts.port or 1883)
    client.loop_start()
    sent, deadline = 0, time.monotonic() + args.seconds
    last = None
    for ref, moment, values in light_readings(args.first, args.count, args.start):
        if sent >= args.limit or time.monotonic() > deadline or stopped.is_set():
            break
        payload = orjson.dumps({"observedAt": moment, "values": values})
        last = client.publish(f"balti/devices/streetlight/{ref}", payload, qos=1)
        sent += 1
        if sent % 1000 == 0:
            # Go no faster than the broker acknowledges: paho would queue without bound.
            while not (
                stopped.is_set() or last.wait_for_publish(timeout=0.5) or last.is_published()
            ):
                pass
    if last is not None and not stopped.is_set():
        last.wait_for_publish(timeout=5)
    client.disconnect()
    client.loop_stop()
    return sent


def http_post(url: str, token: str, args: argparse.Namespace) -> int:
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    sent, deadline = 0, time.monotonic() + args.seconds
    readings = light_readings(args.first, args.count, args.start)
    while sent < args.limit and time.monotonic() < deadline and not stopped.is_set():
        batch = [
            {"device": ref, "observedAt": moment, "values": values}
            for ref, moment, values in (next(readings) for _ in range(args.batch))
        ]
        connection.request("POST", parts.path, orjson.dumps({"readings": batch}), headers)
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"POST {url}: {response.status} {body[:300]!r}")
        sent += len(batch)
    connection.close()
    return sent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=("mqtt", "http"))
    parser.add_argument("url")
    parser.add_argument("--token", default="", help="a gateway's bearer token (HTTP)")
    parser.add_argument("--first", type=int, required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--start", type=datetime.datetime.fromisoformat, required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--limit", type=int, default=10_000_000)
    parser.add_argument("--batch", type=int, default=500, help="readings per HTTP request")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    if args.kind == "mqtt":
        sent = mqtt_publish(args.url, args)
    else:
        sent = http_post(args.url, args.token, args)
    print(sent)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
