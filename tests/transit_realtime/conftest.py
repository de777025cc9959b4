"""Fixtures shared by the realtime transit tests."""

from __future__ import annotations

import threading
import uuid

import pytest

from smartcity.transit.realtime.mqtt import VehiclePositionWorker
from tests.devices.test_mqtt import BROKER


@pytest.fixture
def worker():
    """A vehicle position worker on the real broker, subscribed under this test's own topic
    root (the broker is shared), stopped after the test."""
    worker = VehiclePositionWorker(
        url=BROKER,
        client_id=f"test-transit-{uuid.uuid4().hex[:8]}",
        session_seconds=0,
        topic_root=f"test-{uuid.uuid4().hex[:8]}/vehicles",
    )
    stop = threading.Event()
    thread = threading.Thread(target=worker.run, args=(stop,), daemon=True)
    thread.start()
    assert worker.subscribed.wait(10), "the broker did not accept the subscription"
    yield worker
    stop.set()
    thread.join(10)
