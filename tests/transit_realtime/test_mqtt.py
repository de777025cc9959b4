from __future__ import annotations

import pytest
from django.utils import timezone

from smartcity.transit.realtime.models import RefusedPositions, VehiclePosition
from tests.devices.test_mqtt import publish, wait_for

from .network import line_create, vehicle_create

pytestmark = [pytest.mark.real_time, pytest.mark.django_db(transaction=True)]


def test_positions_published_on_vehicle_topics_are_stored_and_bad_ones_counted(worker):
    line_create()
    vehicle, _ = vehicle_create("TB-MQTT")
    now = timezone.now().timestamp()
    fixes = [
        {"timestamp": now - 30 + 15 * n, "latitude": 47.76, "longitude": 27.91 + 0.001 * n}
        for n in range(3)
    ]
    publish(
        [
            (f"{worker.topic_root}/TB-MQTT", fixes[:2]),
            (f"{worker.topic_root}/TB-MQTT", fixes[2]),
            (f"{worker.topic_root}/TB-MQTT", b"not json"),
            (f"{worker.topic_root}/GHOST", fixes[0]),
        ]
    )
    assert wait_for(lambda: worker.stored + worker.refused >= 5)
    assert VehiclePosition.objects.filter(vehicle=vehicle).count() == 3
    refused = dict(RefusedPositions.objects.values_list("reason", "count"))
    assert refused == {"malformed": 1, "unknown_vehicle": 1}
