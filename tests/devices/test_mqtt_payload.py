"""How one MQTT message becomes readings, without a broker."""

from __future__ import annotations

import orjson

from smartcity.devices.mqtt import _readings_of
from smartcity.devices.mqtt_session import Message


def message(topic: str, payload: object) -> Message:
    return Message(topic, orjson.dumps(payload), packet_id=1, qos=1)


def test_the_topic_names_the_device_whatever_the_payload_says():
    items, segment, refusal = _readings_of(
        message(
            "balti/devices/streetlight/SL-0001",
            [{"device": "SL-9999", "observedAt": "x", "values": {}}, {"values": {}}, 7],
        ),
        "balti/devices",
    )
    assert refusal is None
    assert segment == "streetlight"
    assert [i["device"] for i in items[:2]] == ["SL-0001", "SL-0001"]
    assert items[2] == 7  # left for validation to refuse


def test_a_message_on_another_topic_is_refused():
    items, _segment, refusal = _readings_of(message("elsewhere/x", {}), "balti/devices")
    assert items == []
    assert refusal.reason == "malformed"
