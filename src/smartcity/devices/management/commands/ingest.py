"""`smartcity ingest`: consume device readings from the MQTT broker into the database."""

from __future__ import annotations

import signal
import threading
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartcity.devices.broker_auth import INGEST_USER
from smartcity.devices.mqtt import IngestWorker, partition_parse


class Command(BaseCommand):
    help = "Store device readings published over MQTT (QoS 1, persistent session)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="", help="broker URL (default SMARTCITY_MQTT_URL)")
        parser.add_argument(
            "--client-id",
            default="",
            help="stable per worker, so a restarted worker gets its unacknowledged messages "
            "(default smartcity-ingest-I-N, after the partition)",
        )
        parser.add_argument(
            "--partition",
            type=partition_parse,
            default=(0, 1),
            metavar="I/N",
            help="this worker stores the I-th of N parts of the devices (default 1/1: all); "
            "run one worker for each of 1/N … N/N",
        )
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--batch-seconds", type=float, default=0.2)
        parser.add_argument(
            "--connections",
            type=int,
            default=None,
            help="database connections storing each batch at once, by device "
            "(default: 2 on PostgreSQL, 1 on SQLite)",
        )
        parser.add_argument(
            "--session-seconds",
            type=int,
            default=7 * 24 * 3600,
            help="how long the broker keeps the worker's messages while it is away",
        )

        parser.add_argument(
            "--heartbeat-seconds",
            type=float,
            default=10.0,
            help="seconds between two heartbeats, which carry the lag and backlog to "
            "/readyz and /metrics (they want one within 2 minutes)",
        )

    # Any, as BaseCommand has it: argparse's values, each of the type its option names.
    def handle(self, *args: object, **options: Any) -> None:
        url = options["url"] or settings.SMARTCITY_MQTT_URL
        if not url:
            raise CommandError("no broker: set SMARTCITY_MQTT_URL or pass --url mqtt://host:1883")
        index, count = options["partition"]
        # After the partition, not the host: a worker moved to another host or container
        # takes its session with it, and no session is left behind filling up.
        client_id = options["client_id"] or f"smartcity-ingest-{index + 1}-{count}"
        worker = IngestWorker(
            url=url,
            client_id=client_id,
            partition=(index, count),
            batch_size=options["batch_size"],
            batch_seconds=options["batch_seconds"],
            session_seconds=options["session_seconds"],
            connections=options["connections"],
            username=INGEST_USER,
            password=settings.SMARTCITY_MQTT_INGEST_PASSWORD,
            heartbeat_seconds=options["heartbeat_seconds"],
        )
        stop = threading.Event()
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, lambda *_: stop.set())
        threading.Thread(target=self._progress, args=(worker, stop), daemon=True).start()
        threading.Thread(target=self._subscribed, args=(worker,), daemon=True).start()
        self.stdout.write(
            f"Ingesting from {worker.broker.host}:{worker.broker.port} as {client_id}"
        )
        worker.run(stop)
        self.stdout.write(f"Stopped: {worker.stored} readings stored, {worker.refused} refused.")

    def _subscribed(self, worker: IngestWorker) -> None:
        if worker.subscribed.wait(timeout=3600):
            self.stdout.write(f"Subscribed to {worker.topic}")
            self.stdout.flush()

    def _progress(self, worker: IngestWorker, stop: threading.Event) -> None:
        while not stop.wait(30):
            self.stdout.write(
                f"{time.strftime('%H:%M:%S')} {worker.stored} readings stored, "
                f"{worker.refused} refused"
            )
