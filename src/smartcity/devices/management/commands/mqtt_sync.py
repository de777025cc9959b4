"""`smartcity mqtt_sync`: bring the MQTT broker's accounts in step with the registry."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartcity.devices.broker_auth import broker_auth_sync


class Command(BaseCommand):
    help = "Write the broker's password and ACL files from the device registry and reload it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", default="", help="default SMARTCITY_MQTT_AUTH_DIR")
        parser.add_argument("--pid-file", default="", help="default SMARTCITY_MQTT_BROKER_PID_FILE")

    def handle(self, *args: object, **options: object) -> None:
        directory = (
            Path(str(options["dir"])) if options["dir"] else settings.SMARTCITY_MQTT_AUTH_DIR
        )
        if directory is None:
            raise CommandError("no directory: set SMARTCITY_MQTT_AUTH_DIR or pass --dir")
        pid_file = Path(str(options["pid_file"])) if options["pid_file"] else None
        result = broker_auth_sync(directory=directory.resolve(), pid_file=pid_file, reload=True)
        self.stdout.write(
            f"{result.accounts} broker accounts; files "
            + ("written" if result.written else "unchanged")
            + ("; broker reloaded." if result.reloaded else "; broker not signalled.")
        )
        for entry in result.skipped:
            self.stderr.write(f"Left out (id unusable as an MQTT topic): {entry}")
