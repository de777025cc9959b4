"""`smartcity transit_simulate`: drive the demo's trolleybuses and buses in real time.

The positions take the real path: published over MQTT (`balti/vehicles/<id>`, stored by
`smartcity transit_ingest`) when a broker is given, else POSTed to the server's
/ingest/v1/vehicle-positions with each vehicle's own token.
"""

from __future__ import annotations

import logging
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from smartcity.transit.realtime.demo import FleetTokens, HttpSender, LiveSimulator, MqttSender


class Command(BaseCommand):
    help = "Drive a vehicle along every run of the timetable under way, every 15 seconds."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000", help="the server to POST positions to"
        )
        parser.add_argument(
            "--mqtt", default=None, help="broker URL (default SMARTCITY_MQTT_URL; '' for HTTP)"
        )
        parser.add_argument("--client-id", default="smartcity-transit-simulator")

    def handle(self, *args: object, **options: object) -> None:
        logging.basicConfig(level=logging.WARNING)
        broker = options["mqtt"] if options["mqtt"] is not None else settings.SMARTCITY_MQTT_URL
        sender: MqttSender | HttpSender
        if broker:
            sender = MqttSender(str(broker), client_id=str(options["client_id"]))
            self.stdout.write(f"Publishing vehicle positions to {broker}")
        else:
            sender = HttpSender(str(options["url"]), FleetTokens())
            self.stdout.write(f"POSTing vehicle positions to {sender.url}")
        stop = threading.Event()  # SIGTERM ends the round in hand, then the loop
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, lambda *_: stop.set())
        LiveSimulator(seed=int(str(options["seed"])), sender=sender).run(stop)
        if isinstance(sender, MqttSender):
            sender.close()
