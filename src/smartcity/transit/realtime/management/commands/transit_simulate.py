"""`smartcity transit_simulate`: drive the demo's trolleybuses and buses in real time."""

from __future__ import annotations

import logging

from django.core.management.base import BaseCommand, CommandParser

from smartcity.transit.realtime.demo import LiveSimulator


class Command(BaseCommand):
    help = "Drive a vehicle along every run of the timetable under way, every 15 seconds."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: object, **options: object) -> None:
        logging.basicConfig(level=logging.WARNING)
        LiveSimulator(seed=int(str(options["seed"]))).run()
