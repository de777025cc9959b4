"""`smartcity simulate`: keep the demo devices of Bălți reporting, in real time."""

from __future__ import annotations

import signal
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from smartcity.devices.models import Device, Gateway
from smartcity.simulation.demo import SIMULATOR
from smartcity.simulation.model import CityModel
from smartcity.simulation.publisher import HttpPublisher, MqttPublisher


class Command(BaseCommand):
    help = "Send realistic readings of the demo devices over HTTP (default) or MQTT."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="the platform's address")
        parser.add_argument("--token", default="", help="the simulator gateway's token (HTTP)")
        parser.add_argument("--mqtt", default="", help="broker URL; default SMARTCITY_MQTT_URL")
        parser.add_argument("--interval", type=float, default=60.0, help="seconds between rounds")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--rounds", type=int, default=0, help="stop after this many (0: never)")

    def handle(
        self,
        *args: object,
        url: str,
        token: str,
        mqtt: str,
        interval: float,
        seed: int,
        rounds: int,
        **options: object,
    ) -> None:
        gateway = Gateway.objects.filter(name=SIMULATOR).first()
        if gateway is None:
            raise CommandError("no demo devices: run `smartcity demo` first")
        mqtt_url = mqtt or settings.SMARTCITY_MQTT_URL
        publisher: MqttPublisher | HttpPublisher
        if mqtt_url:
            publisher = MqttPublisher(mqtt_url)
            self.stdout.write(f"Publishing over MQTT to {mqtt_url}")
        elif token:
            publisher = HttpPublisher(url, token)
            self.stdout.write(f"Posting over HTTP to {publisher.url}")
        else:
            raise CommandError("give --token (HTTP) or --mqtt / SMARTCITY_MQTT_URL")
        model = CityModel(seed=seed)
        model.devices_add(list(Device.objects.filter(gateway=gateway, is_active=True)))
        stop = threading.Event()
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, lambda *_: stop.set())
        sent = 0
        while not stop.is_set():
            started = time.monotonic()
            moment = timezone.now().replace(microsecond=0)
            try:
                outcome = publisher.send(model.readings(moment), moment)
            except OSError as error:
                self.stderr.write(f"{moment:%H:%M:%S} could not send: {error}")
            else:
                self.stdout.write(f"{moment:%H:%M:%S} {outcome}")
            sent += 1
            if rounds and sent >= rounds:
                break
            stop.wait(max(0.0, interval - (time.monotonic() - started)))
        if isinstance(publisher, MqttPublisher):
            publisher.close()
