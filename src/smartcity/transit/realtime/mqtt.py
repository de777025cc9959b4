"""Vehicle positions over MQTT: `smartcity transit_ingest` consumes `balti/vehicles/<id>`.

A vehicle (or the operator's fleet system) publishes with QoS 1 to its own topic, e.g.
`balti/vehicles/TB-201`, one position or a list of them:
{"timestamp": "…Z", "latitude": 47.76, "longitude": 27.93, "speed": 8.1, "bearing": 92,
"route": "T3"}. The hub's ingest worker does the broker's side — persistent session,
a plain subscription, the vehicles split between workers by partition, acknowledging a
message only after its batch is committed — and this worker only replaces what a batch
is stored as. The broker authenticates the
publishers (see deploy/mosquitto.conf), so the topic names the vehicle.
"""

from __future__ import annotations

from typing import cast

import orjson

from smartcity.devices.mqtt import IngestWorker
from smartcity.devices.mqtt_session import Message
from smartcity.transit.realtime.services import positions_ingest

TOPIC_ROOT = "balti/vehicles"


def _positions_of(message: Message, root: str) -> list:
    """The message's positions, each naming the vehicle of its topic; something that
    will be refused as malformed when the message cannot be read."""
    prefix = root + "/"
    ref = message.topic[len(prefix) :] if message.topic.startswith(prefix) else ""
    if not ref or "/" in ref:
        return [{"vehicle": "?"}]
    try:
        payload = orjson.loads(message.payload)
    except orjson.JSONDecodeError:
        return [{"vehicle": ref}]
    items = payload if isinstance(payload, list) else [payload]
    return [
        dict(item, vehicle=ref) if isinstance(item, dict) else {"vehicle": ref} for item in items
    ]


class VehiclePositionWorker(IngestWorker):
    heartbeat_kind = "transit_ingest"

    def __init__(self, *, topic_root: str = TOPIC_ROOT, **options) -> None:  # noqa: ANN003
        super().__init__(**options)
        self.topic_root = topic_root
        self.topic = f"{topic_root}/+"

    def _prepare(self, batch: list[Message]) -> object:
        items: list = []
        for message in batch:
            items += _positions_of(message, self.topic_root)
        return items

    def _parts(self, prepared: object) -> list[object]:
        return [prepared]  # positions are matched to trips in order: one part

    def _commit(self, prepared: object) -> bool:
        result = positions_ingest(cast(list, prepared))  # what _prepare made
        self.stored += result.accepted
        self.refused += len(result.refused)
        return True
