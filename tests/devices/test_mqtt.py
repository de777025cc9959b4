"""Readings over MQTT, through the real broker (Mosquitto on 127.0.0.1:1883)."""

from __future__ import annotations

import datetime
import getpass
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import orjson
import paho.mqtt.client as mqtt
import pytest
from django.db import connection
from django.utils import timezone

from smartcity.devices.models import Reading, RejectedReadings
from smartcity.devices.mqtt import TOPIC_ROOT, Broker, IngestWorker, client_new
from tests.conftest import iso

BROKER = os.environ.get("SMARTCITY_TEST_MQTT_URL", "mqtt://127.0.0.1:1883")
MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
DEPLOY_CONF = Path(__file__).resolve().parents[2] / "deploy" / "mosquitto.conf"
# This run's own topics: other runs on the same broker publish the same device ids.
ROOT = f"test-{uuid.uuid4().hex[:8]}/devices"
pytestmark = [pytest.mark.real_time, pytest.mark.django_db(transaction=True)]


def publish(messages: list[tuple[str, object]], url: str = BROKER) -> None:
    """Publish with QoS 1 and wait until the broker has acknowledged every message."""
    broker = Broker.from_url(url)
    client = client_new(broker, f"test-publisher-{uuid.uuid4().hex[:8]}")
    client.connect(broker.host, broker.port)
    client.loop_start()
    try:
        sent = [
            client.publish(
                topic, payload if isinstance(payload, bytes) else orjson.dumps(payload), qos=1
            )
            for topic, payload in messages
        ]
        for info in sent:
            info.wait_for_publish(timeout=30)
            assert info.is_published()
    finally:
        client.disconnect()
        client.loop_stop()


def wait_for(condition, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def worker_in_thread():
    started = []

    def start(url: str = BROKER, **options):
        worker = IngestWorker(
            url=url,
            client_id=f"test-{uuid.uuid4().hex[:8]}",
            session_seconds=0,  # nothing to keep once the test is over
            topic_root=ROOT,
            **options,
        )
        stop = worker.stop = threading.Event()
        thread = threading.Thread(target=worker.run, args=(stop,), daemon=True)
        thread.start()
        assert worker.connected.wait(10), "the broker did not accept the worker"
        assert worker.subscribed.wait(10)
        started.append((stop, thread))
        return worker

    yield start
    for stop, thread in started:
        stop.set()
        thread.join(10)


def test_readings_published_on_device_topics_are_stored(lamps, worker_in_thread):
    worker_in_thread()
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    publish(
        [
            (
                f"{ROOT}/streetlight/{lamp.ref}",
                {"observedAt": iso(now), "values": {"powerState": "on", "activePower": 60.0}},
            )
            for lamp in lamps
        ]
    )
    assert wait_for(lambda: Reading.objects.count() == 40)


def test_a_message_may_carry_several_readings_of_its_device(lamps, worker_in_thread):
    worker_in_thread()
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    readings = [
        {
            "observedAt": iso(now - datetime.timedelta(minutes=m)),
            "values": {"activePower": 50.0 + m},
        }
        for m in range(10)
    ]
    publish([(f"{ROOT}/streetlight/{lamps[0].ref}", readings)])
    assert wait_for(lambda: Reading.objects.filter(device=lamps[0]).count() == 10)


def test_unreadable_messages_and_wrong_topics_are_counted_not_stored(lamps, worker_in_thread):
    worker = worker_in_thread()
    now = iso(datetime.datetime.now(datetime.UTC))
    publish(
        [
            (f"{ROOT}/streetlight/{lamps[0].ref}", b"{not json"),
            (f"{ROOT}/air/{lamps[1].ref}", {"observedAt": now, "values": {"pm25": 3.0}}),
            (
                f"{ROOT}/streetlight/SL-NOBODY",
                {"observedAt": now, "values": {"activePower": 1}},
            ),
            (
                f"{ROOT}/streetlight/{lamps[2].ref}",
                {"observedAt": now, "values": {"activePower": 1}},
            ),
        ]
    )
    assert wait_for(lambda: Reading.objects.count() == 1 and worker.refused == 3)
    refused = set(RejectedReadings.objects.values_list("device_ref", "reason"))
    assert refused == {
        (lamps[0].ref, "malformed"),
        (lamps[1].ref, "wrong_type"),
        ("SL-NOBODY", "unknown_device"),
    }


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings["USER"] or "postgres"
    host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    return f"postgres://{user}@{host}/{settings['NAME']}"


class OwnBroker:
    """A Mosquitto of the test's own, with the settings deploy/mosquitto.conf gives a
    production broker (the shared one keeps Mosquitto's defaults, which drop queued
    messages past 1000 per client); it can be stopped and started again on its port."""

    def __init__(self, directory: Path, *, persistence: bool = False) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"mqtt://127.0.0.1:{self.port}"
        self.config = directory / "mosquitto.conf"
        # The production file without its listener and accounts (test_broker_auth tries those).
        own = ("listener", "allow_anonymous", "password_file", "acl_file", "persistence ")
        settings = "\n".join(
            line for line in DEPLOY_CONF.read_text().splitlines() if not line.startswith(own)
        )
        settings += (
            f"\npersistence true\npersistence_location {directory}/\n"
            if persistence
            else "\npersistence false\n"
        )
        # Started as root, Mosquitto becomes the user `mosquitto`, who may not write its
        # persistence file into the test's directory; as this user, it stays who it is.
        settings += f"\nuser {getpass.getuser()}\n"
        self.config.write_text(f"listener {self.port} 127.0.0.1\nallow_anonymous true\n{settings}")
        self.process: subprocess.Popen | None = None

    def _accepting(self) -> bool:
        with socket.socket() as attempt:
            return attempt.connect_ex(("127.0.0.1", self.port)) == 0

    def start(self) -> None:
        self.process = subprocess.Popen(
            [MOSQUITTO, "-c", str(self.config)], stderr=subprocess.DEVNULL
        )
        assert wait_for(self._accepting, 10), "mosquitto did not start"

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@pytest.fixture
def own_broker(tmp_path):
    broker = OwnBroker(tmp_path)
    broker.start()
    yield broker
    broker.stop()


@pytest.fixture
def configured_broker(own_broker):
    return own_broker.url


def _start_worker(url: str, client_id: str, log, *options: str) -> subprocess.Popen:  # noqa: ANN001
    env = dict(os.environ, DATABASE_URL=_database_url(), SMARTCITY_ENV="development")
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "smartcity",
            "ingest",
            "--url",
            url,
            "--client-id",
            client_id,
            "--batch-size",
            "20",
            "--batch-seconds",
            "0.05",
            "--session-seconds",
            "120",
            *options,
        ],
        env=env,
        # A file, not a pipe: a pipe nobody reads would block a chatty worker.
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def test_a_killed_worker_restarted_loses_no_acknowledged_reading(
    lamps, tmp_path, configured_broker
):
    client_id = f"test-kill-{uuid.uuid4().hex[:8]}"
    log = (tmp_path / "worker.log").open("w")
    worker = _start_worker(configured_broker, client_id, log)
    try:
        # The session and its subscription exist before anything is published.
        output = tmp_path / "worker.log"
        assert wait_for(lambda: "Subscribed to" in output.read_text(), 60), output.read_text()
        start = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
        messages = [
            (
                # The test's own broker: the worker's default topics.
                f"{TOPIC_ROOT}/streetlight/{lamp.ref}",
                {
                    "observedAt": iso(start - datetime.timedelta(seconds=n)),
                    "values": {"activePower": float(n % 400)},
                },
            )
            for n in range(300)
            for lamp in lamps
        ]
        publish(messages, configured_broker)
        assert wait_for(lambda: Reading.objects.count() >= 40, 60), "the worker stored nothing"
        worker.send_signal(signal.SIGKILL)  # mid-stream, with batches unacknowledged
        worker.wait(10)
        stored_when_killed = Reading.objects.count()
        assert stored_when_killed < len(messages), "the worker finished before it was killed"
        worker = _start_worker(configured_broker, client_id, log)
        assert wait_for(lambda: Reading.objects.count() == len(messages), 180), (
            f"{Reading.objects.count()} of {len(messages)} stored; "
            + (tmp_path / "worker.log").read_text()[-2000:]
        )
        time.sleep(1)  # nothing more arrives: every reading is there exactly once
        assert Reading.objects.count() == len(messages)
        assert not RejectedReadings.objects.exists()
    finally:
        worker.terminate()
        worker.wait(10)


def _heartbeat(worker: IngestWorker) -> dict:
    from smartcity.operations.models import ProcessHeartbeat

    beat = ProcessHeartbeat.objects.filter(kind="ingest", name=worker.client_id).first()
    return beat.details if beat is not None else {}


def test_an_ingest_worker_reports_its_lag_and_backlog_and_takes_them_away_when_stopped(
    lamps, worker_in_thread
):
    from smartcity.operations import health

    worker = worker_in_thread(heartbeat_seconds=0.2)
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    reading = {"observedAt": iso(now), "values": {"activePower": 9}}
    publish([(f"{ROOT}/streetlight/{lamp.ref}", reading) for lamp in lamps])
    stored = {"stored": 20, "backlog": 0}
    assert wait_for(lambda: stored.items() <= _heartbeat(worker).items()), _heartbeat(worker)
    assert 0 <= _heartbeat(worker)["lag_seconds"] < 5
    assert health.ingest_check(now=timezone.now()).ok
    worker.stop.set()
    assert wait_for(lambda: not _heartbeat(worker), 15), "a stopped worker left its heartbeat"


@pytest.mark.postgresql
def test_an_ingest_worker_that_cannot_store_reports_a_growing_lag_to_readiness(
    lamps, worker_in_thread, monkeypatch
):
    import psycopg

    from smartcity.operations import health

    worker = worker_in_thread(heartbeat_seconds=0.2)
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    reading = {"observedAt": iso(now), "values": {"activePower": 9}}
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"] or "postgres",
        dbname=settings["NAME"],
    ) as blocker:
        # The readings table locked against writes, as a long migration would.
        blocker.execute("LOCK TABLE devices_reading IN EXCLUSIVE MODE")
        publish([(f"{ROOT}/streetlight/{lamp.ref}", reading) for lamp in lamps])
        assert wait_for(lambda: _heartbeat(worker).get("lag_seconds", 0) >= 2, 30)
        assert _heartbeat(worker)["backlog"] == 20
        monkeypatch.setattr(health, "INGEST_LAG_SECONDS", 1.0)
        check = health.ingest_check(now=timezone.now())
        assert not check.ok
        assert "behind" in check.detail
        blocker.rollback()
    caught_up = {"stored": 20, "backlog": 0, "lag_seconds": 0}
    assert wait_for(lambda: caught_up.items() <= _heartbeat(worker).items(), 30)
    assert health.ingest_check(now=timezone.now()).ok


def test_a_worker_carries_on_when_its_broker_comes_back(lamps, worker_in_thread, own_broker):
    worker = worker_in_thread(url=own_broker.url)
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)

    def reading(lamp, minutes: int) -> tuple[str, dict]:
        at = iso(now - datetime.timedelta(minutes=minutes))
        return f"{ROOT}/streetlight/{lamp.ref}", {"observedAt": at, "values": {"activePower": 9}}

    publish([reading(lamp, 1) for lamp in lamps], own_broker.url)
    assert wait_for(lambda: Reading.objects.count() == 20)
    own_broker.stop()
    worker.subscribed.clear()
    own_broker.start()  # a new broker, without the old session: the worker subscribes anew
    assert worker.subscribed.wait(30), "the worker did not come back"
    publish([reading(lamp, 2) for lamp in lamps], own_broker.url)
    assert wait_for(lambda: Reading.objects.count() == 40)


def test_sigterm_stops_the_ingest_worker_gracefully_after_its_batch(
    lamps, tmp_path, configured_broker
):
    output = tmp_path / "worker.log"
    log = output.open("w")
    worker = _start_worker(configured_broker, f"test-term-{uuid.uuid4().hex[:8]}", log)
    try:
        assert wait_for(lambda: "Subscribed to" in output.read_text(), 60), output.read_text()
        now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
        publish(
            [
                (
                    f"{TOPIC_ROOT}/streetlight/{lamp.ref}",
                    {"observedAt": iso(now), "values": {"activePower": 5.0}},
                )
                for lamp in lamps
            ],
            configured_broker,
        )
        assert wait_for(lambda: Reading.objects.count() == 20, 60)
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(20) == 0, output.read_text()
        assert "Stopped: 20 readings stored" in output.read_text()
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(10)


def publisher_counting_acks(url: str) -> tuple[mqtt.Client, set[int]]:
    """A devices' connection, started, and the ids of the messages the broker has
    acknowledged (PUBACK: what it took responsibility for)."""
    address = Broker.from_url(url)
    client = client_new(address, f"test-pub-{uuid.uuid4().hex[:8]}")
    acknowledged: set[int] = set()
    client.on_publish = lambda c, u, mid, reason, p: (
        acknowledged.add(mid) if not reason.is_failure else None
    )
    client.connect(address.host, address.port)
    client.loop_start()
    return client, acknowledged


def _stored_keys() -> set[tuple[str, datetime.datetime]]:
    return set(Reading.objects.values_list("device__ref", "observed_at"))


def test_every_reading_the_broker_acknowledged_is_stored_across_a_broker_restart(lamps, tmp_path):
    broker = OwnBroker(tmp_path, persistence=True)
    broker.start()
    output = tmp_path / "worker.log"
    log = output.open("w")
    worker = _start_worker(broker.url, f"test-restart-{uuid.uuid4().hex[:8]}", log)
    try:
        assert wait_for(lambda: "Subscribed to" in output.read_text(), 60), output.read_text()
        client, acknowledged = publisher_counting_acks(broker.url)
        start = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
        sent: dict[int, tuple[str, datetime.datetime]] = {}
        for n in range(1500):
            if n == 500:
                broker.stop()  # graceful: Mosquitto saves its sessions and queues
                broker.start()
            lamp = lamps[n % len(lamps)]
            at = start - datetime.timedelta(seconds=n // len(lamps))
            payload = orjson.dumps(
                {"observedAt": iso(at), "values": {"activePower": float(n % 90)}}
            )
            info = client.publish(f"{TOPIC_ROOT}/streetlight/{lamp.ref}", payload, qos=1)
            sent[info.mid] = (lamp.ref, at)
            time.sleep(0.002)
        time.sleep(2)
        client.disconnect()
        client.loop_stop()
        assert len(acknowledged) > 1000, "the publisher hardly got through"
        expected = {sent[mid] for mid in acknowledged}
        assert wait_for(lambda: expected <= _stored_keys(), 120), (
            f"{len(expected - _stored_keys())} of {len(expected)} acknowledged readings "
            "not stored; " + output.read_text()[-2000:]
        )
    finally:
        worker.terminate()
        worker.wait(10)
        broker.stop()


def test_readings_published_after_a_broker_restart_wait_for_the_worker_to_come_back(
    lamps, tmp_path
):
    # The worker is away while the broker restarts and devices publish: the broker keeps
    # its session, subscription included, and queues for it (a shared subscription is not
    # kept over a restart by Mosquitto 2.0, and these readings were dropped).
    broker = OwnBroker(tmp_path, persistence=True)
    broker.start()
    output = tmp_path / "worker.log"
    log = output.open("w")
    client_id = f"test-away-{uuid.uuid4().hex[:8]}"
    worker = _start_worker(broker.url, client_id, log)
    try:
        assert wait_for(lambda: "Subscribed to" in output.read_text(), 60), output.read_text()
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(20) == 0
        now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
        before = [
            (
                f"{TOPIC_ROOT}/streetlight/{lamp.ref}",
                {"observedAt": iso(now), "values": {"activePower": 1.0}},
            )
            for lamp in lamps
        ]
        publish(before, broker.url)
        broker.stop()
        broker.start()
        earlier = iso(now - datetime.timedelta(minutes=1))
        publish(
            [
                (
                    f"{TOPIC_ROOT}/streetlight/{lamp.ref}",
                    {"observedAt": earlier, "values": {"activePower": 1.0}},
                )
                for lamp in lamps
            ],
            broker.url,
        )
        worker = _start_worker(broker.url, client_id, log)
        assert wait_for(lambda: Reading.objects.count() == 2 * len(lamps), 60), (
            f"{Reading.objects.count()} of {2 * len(lamps)} stored; " + output.read_text()[-2000:]
        )
    finally:
        if worker.poll() is None:
            worker.terminate()
            worker.wait(10)
        broker.stop()


def test_workers_of_a_partition_store_every_device_once_between_them(
    lamps, tmp_path, configured_broker
):
    logs = [(tmp_path / f"worker{n}.log") for n in (1, 2)]
    workers = [
        _start_worker(
            configured_broker,
            f"test-part-{n}-{uuid.uuid4().hex[:8]}",
            log.open("w"),
            "--partition",
            f"{n}/2",
        )
        for n, log in zip((1, 2), logs, strict=True)
    ]
    try:
        for log in logs:
            assert wait_for(lambda log=log: "Subscribed to" in log.read_text(), 60), log.read_text()
        now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
        publish(
            [
                (
                    f"{TOPIC_ROOT}/streetlight/{lamp.ref}",
                    {
                        "observedAt": iso(now - datetime.timedelta(minutes=m)),
                        "values": {"activePower": 1.0},
                    },
                )
                for lamp in lamps
                for m in range(5)
            ],
            configured_broker,
        )
        assert wait_for(lambda: Reading.objects.count() == 5 * len(lamps), 60)
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
            assert worker.wait(20) == 0
        stored = [int(re.search(r"Stopped: (\d+) readings", log.read_text())[1]) for log in logs]
        # Each stored its own devices' readings, none twice, both some (20 devices).
        assert sum(stored) == 5 * len(lamps) and min(stored) > 0, stored
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait(10)
