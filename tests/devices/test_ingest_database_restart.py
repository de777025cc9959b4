"""`smartcity ingest` outlives its database connections being killed while devices publish."""

from __future__ import annotations

import datetime
import threading
import uuid

import orjson
import pytest

from smartcity.devices.mqtt import TOPIC_ROOT
from tests.conftest import iso
from tests.devices.test_mqtt import (
    OwnBroker,
    _start_worker,
    _stored_keys,
    publisher_counting_acks,
    wait_for,
)
from tests.operations.processes import backends_terminate, stop

pytestmark = [
    pytest.mark.real_time,
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql,
]


def test_the_ingest_worker_stores_every_acknowledged_reading_while_its_connections_are_killed(
    lamps, tmp_path
):
    broker = OwnBroker(tmp_path)
    broker.start()
    output = tmp_path / "worker.log"
    worker = _start_worker(broker.url, f"test-pgkill-{uuid.uuid4().hex[:8]}", output.open("w"))
    sent: dict[int, tuple[str, datetime.datetime]] = {}
    try:
        assert wait_for(lambda: "Subscribed to" in output.read_text(), 60), output.read_text()
        client, acknowledged = publisher_counting_acks(broker.url)
        start = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
        done = threading.Event()

        def devices_publish() -> None:
            for n in range(1200):
                lamp = lamps[n % len(lamps)]
                at = start - datetime.timedelta(seconds=n // len(lamps))
                payload = orjson.dumps({"observedAt": iso(at), "values": {"activePower": 1.0}})
                info = client.publish(f"{TOPIC_ROOT}/streetlight/{lamp.ref}", payload, qos=1)
                sent[info.mid] = (lamp.ref, at)
                done.wait(0.004)
            done.set()

        publisher = threading.Thread(target=devices_publish)
        publisher.start()
        killed = 0
        while not done.is_set():
            done.wait(0.7)
            killed += backends_terminate()  # the worker's connections among them
        publisher.join()
        assert killed >= 2, "the worker held no connection to kill"
        assert wait_for(lambda: len(acknowledged) == len(sent), 30)
        client.disconnect()
        client.loop_stop()
        expected = {sent[mid] for mid in acknowledged}
        assert wait_for(lambda: expected <= _stored_keys(), 90), (
            f"{len(expected - _stored_keys())} of {len(expected)} acknowledged readings "
            "not stored; " + output.read_text()[-3000:]
        )
        assert worker.poll() is None, output.read_text()[-3000:]
        assert "the database failed a batch; retrying" in output.read_text()
    finally:
        assert stop(worker, 20) == 0, output.read_text()[-3000:]
        broker.stop()
