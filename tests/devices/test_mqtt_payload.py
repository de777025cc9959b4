"""How one MQTT message becomes readings, without a broker."""

from __future__ import annotations

import orjson
import pytest

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


def test_a_batch_is_stored_in_parts_by_device_each_device_whole_and_in_order(lamp, station):
    import datetime

    from smartcity.devices.ingest import TRUSTED, Rejection, readings_validate
    from smartcity.devices.mqtt import IngestWorker

    worker = IngestWorker(url="mqtt://127.0.0.1:1", client_id="parts", connections=2)
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    items = [
        {
            "device": ref,
            "observedAt": (now - datetime.timedelta(minutes=m)).isoformat(),
            "values": values,
        }
        for m in (3, 2, 1)
        for ref, values in (
            (lamp.ref, {"powerState": "on", "activePower": 50.0}),
            (station.ref, {"pm25": 9.0}),
        )
    ] + [{"device": "SL-NOBODY", "observedAt": now.isoformat(), "values": {"pm25": 1}}]
    validated = readings_validate(items, credential=TRUSTED)
    unreadable = [Rejection(0, "?", "malformed", "payload is not JSON")]
    parts = worker._parts((validated, unreadable))
    assert len(parts) == 2
    by_part = [{r.device_id for r in part.rows} for part, _unreadable in parts]
    assert by_part[0] | by_part[1] == {lamp.pk, station.pk}
    assert not by_part[0] & by_part[1]  # a device is in one part only
    assert all(device % 2 == n for n, ids in enumerate(by_part) for device in ids)
    for part, _unreadable in parts:
        times = [r.observed_at for r in part.rows]
        assert times == sorted(times)  # each device's readings keep their order
        assert sum(part.counts) == len(part.rows)
    # Refusals are counted once: all in the first part.
    assert [len(p.rejected) for p, _u in parts] == [1, 0]
    assert [len(u) for _p, u in parts] == [1, 0]


def test_workers_of_a_partition_take_each_message_in_exactly_one_part():
    from smartcity.devices.mqtt import IngestWorker

    batch = [message(f"balti/devices/streetlight/SL-{n:04d}", {}) for n in range(200)]
    parts = [
        IngestWorker(url="mqtt://127.0.0.1:1", client_id="p", partition=(i, 3))._mine(batch)
        for i in range(3)
    ]
    assert sorted(m.topic for part in parts for m in part) == sorted(m.topic for m in batch)
    assert all(40 < len(part) < 95 for part in parts), [len(p) for p in parts]
    # The same device always falls in the same part (a CRC, not Python's salted hash).
    again = IngestWorker(url="mqtt://127.0.0.1:1", client_id="q", partition=(1, 3))
    assert again._mine(batch) == parts[1]


def test_a_partition_is_written_as_the_commands_take_it():
    from smartcity.devices.mqtt import partition_parse

    assert partition_parse("1/1") == (0, 1)
    assert partition_parse("3/4") == (2, 4)
    for wrong in ("0/2", "3/2", "2", "a/b", "1/0"):
        with pytest.raises(ValueError):
            partition_parse(wrong)
