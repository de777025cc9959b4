"""`smartcity transit_ingest` resumes by itself after a broker restart and after its
database connections are killed, and stops on SIGTERM with 0."""

from __future__ import annotations

import subprocess
import sys
import uuid

import pytest
from django.utils import timezone

from smartcity.transit.realtime.models import VehiclePosition
from smartcity.transit.realtime.mqtt import TOPIC_ROOT
from tests.devices.test_mqtt import OwnBroker, publish, wait_for
from tests.operations.processes import backends_terminate, platform_env, stop

from .network import line_create, vehicle_create

pytestmark = [pytest.mark.real_time, pytest.mark.django_db(transaction=True)]
VEHICLES = [f"TB-OUT-{n}" for n in range(5)]


@pytest.fixture
def fleet():
    line_create()
    for ref in VEHICLES:
        vehicle_create(ref)
    return timezone.now().timestamp() - 120


@pytest.fixture
def broker(tmp_path):
    broker = OwnBroker(tmp_path, persistence=True)
    broker.start()
    yield broker
    broker.stop()


@pytest.fixture
def transit_ingest(tmp_path, broker):
    output = tmp_path / "transit.log"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "smartcity",
            "transit_ingest",
            "--url",
            broker.url,
            "--client-id",
            f"test-transit-{uuid.uuid4().hex[:8]}",
        ],
        env=platform_env(),
        stdout=output.open("w"),
        stderr=subprocess.STDOUT,
    )
    assert wait_for(lambda: "Subscribed to" in output.read_text(), 60), output.read_text()
    yield process, output
    stop(process, 20)


def fixes_publish(broker: OwnBroker, start: float, k: int) -> None:
    """The k-th fix of every vehicle: 15 s and about 75 m after the one before."""
    fix = {"timestamp": start + 15 * k, "latitude": 47.76, "longitude": 27.91 + 0.001 * k}
    publish([(f"{TOPIC_ROOT}/{ref}", fix) for ref in VEHICLES], broker.url)


def test_transit_ingest_resumes_after_a_broker_restart_and_stops_on_sigterm(
    fleet, broker, transit_ingest
):
    process, output = transit_ingest
    fixes_publish(broker, fleet, 0)
    assert wait_for(lambda: VehiclePosition.objects.count() == 5), output.read_text()
    broker.stop()
    broker.start()
    fixes_publish(broker, fleet, 1)  # before the worker is back: kept for its session
    assert wait_for(lambda: VehiclePosition.objects.count() == 10, 60), output.read_text()
    assert process.poll() is None
    assert stop(process, 20) == 0, output.read_text()
    assert "Stopped: 10 positions stored" in output.read_text()


@pytest.mark.postgresql
def test_transit_ingest_resumes_after_its_database_connections_are_killed(
    fleet, broker, transit_ingest
):
    process, output = transit_ingest
    for k in range(4):
        fixes_publish(broker, fleet, k)
        assert wait_for(lambda k=k: VehiclePosition.objects.count() == 5 * (k + 1), 60), (
            output.read_text()[-3000:]
        )
        assert backends_terminate() >= 1
    assert process.poll() is None
    assert stop(process, 20) == 0, output.read_text()
