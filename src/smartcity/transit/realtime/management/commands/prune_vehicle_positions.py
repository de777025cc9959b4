"""`smartcity prune_vehicle_positions`: delete raw vehicle positions past retention."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from smartcity.transit.realtime import services


class Command(BaseCommand):
    help = "Delete raw vehicle positions older than N days (stop arrivals stay)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=settings.SMARTCITY_VEHICLE_POSITIONS_DAYS,
            help="keep this many days",
        )
        parser.add_argument("--batch-size", type=int, default=50_000)
        parser.add_argument("--dry-run", action="store_true", help="count, delete nothing")

    def handle(
        self, *args: object, days: int, batch_size: int, dry_run: bool, **options: object
    ) -> None:
        cutoff = timezone.now() - datetime.timedelta(days=days)
        count = services.positions_prune(older_than=cutoff, batch_size=batch_size, dry_run=dry_run)
        verb = "would delete" if dry_run else "deleted"
        self.stdout.write(
            f"{verb} {count} vehicle positions older than {cutoff:%Y-%m-%d %H:%M} UTC"
        )
