"""`smartcity transit_ingest`: store vehicle positions published over MQTT."""

from __future__ import annotations

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartcity.devices.broker_auth import TRANSIT_USER
from smartcity.devices.mqtt import partition_parse
from smartcity.transit.realtime.mqtt import VehiclePositionWorker


class Command(BaseCommand):
    help = "Store vehicle positions published to balti/vehicles/<id> (QoS 1, persistent session)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="", help="broker URL (default SMARTCITY_MQTT_URL)")
        parser.add_argument(
            "--client-id", default="", help="stable per worker (default smartcity-transit-I-N)"
        )
        parser.add_argument(
            "--partition",
            type=partition_parse,
            default=(0, 1),
            metavar="I/N",
            help="this worker stores the I-th of N parts of the vehicles (default 1/1: all)",
        )

    def handle(
        self,
        *args: object,
        url: str,
        client_id: str,
        partition: tuple[int, int],
        **options: object,
    ) -> None:
        url = url or settings.SMARTCITY_MQTT_URL
        if not url:
            raise CommandError("no broker: set SMARTCITY_MQTT_URL or pass --url mqtt://host:1883")
        index, count = partition
        client_id = client_id or f"smartcity-transit-{index + 1}-{count}"
        worker = VehiclePositionWorker(
            url=url,
            client_id=client_id,
            partition=(index, count),
            username=TRANSIT_USER,
            password=settings.SMARTCITY_MQTT_TRANSIT_PASSWORD,
        )
        stop = threading.Event()
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, lambda *_: stop.set())
        self.stdout.write(f"Ingesting vehicle positions from {worker.broker.host} as {client_id}")
        threading.Thread(target=self._subscribed, args=(worker,), daemon=True).start()
        worker.run(stop)
        self.stdout.write(f"Stopped: {worker.stored} positions stored, {worker.refused} refused.")

    def _subscribed(self, worker: VehiclePositionWorker) -> None:
        if worker.subscribed.wait(timeout=3600):
            self.stdout.write(f"Subscribed to {worker.topic}")
            self.stdout.flush()
