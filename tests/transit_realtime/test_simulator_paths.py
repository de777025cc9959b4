"""The demo's simulator sends its positions through the real ingestion: HTTP with each
vehicle's token, or MQTT on the vehicles' topics; the vehicles are then matched."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.utils import timezone

from smartcity.transit.realtime.demo import FleetTokens, HttpSender, LiveSimulator, MqttSender
from smartcity.transit.realtime.models import Vehicle, VehiclePosition, VehicleRun
from smartcity.transit.realtime.prediction import CITY_TZ
from tests.devices.test_mqtt import BROKER, wait_for

from .network import line_create

pytestmark = [pytest.mark.real_time, pytest.mark.django_db(transaction=True)]


def _runs_under_way_now() -> datetime.datetime:
    """Line 3 every 90 s from 20 minutes ago, on the real clock to the second: whatever the
    hour, three runs each way left in the last 5 minutes of the 8 a run takes."""
    now = timezone.now()
    local = now.astimezone(CITY_TZ)
    seconds = local.hour * 3600 + local.minute * 60 + local.second - 20 * 60
    if seconds < 0:
        seconds += 86400  # the runs belong to yesterday's service day
    line_create(
        first_departure=f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}",
        runs=16,
        headway=90,
    )
    return now


def _drive(simulator: LiveSimulator, now: datetime.datetime) -> int:
    return sum(simulator.tick(now - datetime.timedelta(seconds=15 * k)) for k in range(6, -1, -1))


def test_the_simulator_posts_positions_over_http_and_its_vehicles_are_matched(live_server):
    now = _runs_under_way_now()
    tokens = FleetTokens()
    simulator = LiveSimulator(seed=11, sender=HttpSender(live_server.url, tokens))
    accepted = _drive(simulator, now)
    assert accepted > 0
    assert VehiclePosition.objects.count() == accepted
    # Every vehicle authenticated with its own token, and the server matched it to a run.
    assert Vehicle.objects.exclude(token_hash="").count() == len(tokens._tokens) >= 3
    matched = VehicleRun.objects.filter(trip__route__gtfs_id="L3").count()
    assert matched >= 3


def test_a_vehicle_token_is_issued_once_per_simulator(db):
    tokens = FleetTokens()
    first = tokens("TB-X")
    assert tokens("TB-X") == first
    assert Vehicle.objects.get(ref="TB-X").token_hash != ""


def test_the_simulator_publishes_over_mqtt_and_the_ingest_worker_matches_its_vehicles(worker):
    now = _runs_under_way_now()
    sender = MqttSender(
        BROKER, client_id=f"test-sim-{uuid.uuid4().hex[:8]}", topic_root=worker.topic_root
    )
    try:
        published = _drive(LiveSimulator(seed=11, sender=sender), now)
    finally:
        sender.close()
    assert published > 0
    assert wait_for(lambda: worker.stored + worker.refused >= published)
    assert worker.refused == 0
    assert VehiclePosition.objects.count() == worker.stored > 0
    assert VehicleRun.objects.filter(trip__route__gtfs_id="L3").count() >= 3
