"""Sending the model's readings the way real devices do: HTTP batches or MQTT topics."""

from __future__ import annotations

import datetime
import json
import urllib.error
import urllib.request

import orjson

from smartcity.devices.models import Device
from smartcity.devices.mqtt import TOPIC_ROOT, Broker, client_new
from smartcity.devices.types import DEVICE_TYPES

HTTP_BATCH = 1000


def _iso(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class HttpPublisher:
    """POSTs batches to /ingest/v1/readings with the simulator gateway's token."""

    def __init__(self, base_url: str, token: str) -> None:
        self.url = base_url.rstrip("/") + "/ingest/v1/readings"
        self.token = token

    def send(
        self, readings: list[tuple[Device, dict]], moment: datetime.datetime
    ) -> dict[str, int]:
        totals = {"accepted": 0, "duplicates": 0, "rejected": 0}
        items = [{"device": d.ref, "observedAt": _iso(moment), "values": v} for d, v in readings]
        for start in range(0, len(items), HTTP_BATCH):
            request = urllib.request.Request(
                self.url,
                data=orjson.dumps({"readings": items[start : start + HTTP_BATCH]}),
                headers={
                    "Authorization": f"Bearer {self.token}",
                    "Content-Type": "application/json",
                },
                method="POST",
            )
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    answer = json.loads(response.read())
            except urllib.error.HTTPError as error:
                answer = json.loads(error.read() or b"{}")
                if error.code != 429:
                    raise
            totals["accepted"] += answer.get("accepted", 0)
            totals["duplicates"] += answer.get("duplicates", 0)
            totals["rejected"] += len(answer.get("rejected", []))
        return totals


class MqttPublisher:
    """Publishes each device's reading on its own topic with QoS 1."""

    def __init__(self, url: str, client_id: str = "smartcity-simulator") -> None:
        broker = Broker.from_url(url)
        self.client = client_new(broker, client_id)
        self.client.connect(broker.host, broker.port)
        self.client.loop_start()

    def send(
        self, readings: list[tuple[Device, dict]], moment: datetime.datetime
    ) -> dict[str, int]:
        sent = []
        for device, values in readings:
            segment = DEVICE_TYPES[device.device_type].segment
            payload = orjson.dumps({"observedAt": _iso(moment), "values": values})
            sent.append(self.client.publish(f"{TOPIC_ROOT}/{segment}/{device.ref}", payload, qos=1))
        for info in sent:
            info.wait_for_publish(timeout=30)
        return {"published": sum(info.is_published() for info in sent)}

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()
