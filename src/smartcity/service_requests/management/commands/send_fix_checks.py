"""Ask reporters, some weeks after closing, whether their problem is really fixed."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from smartcity.service_requests import notifications
from smartcity.service_requests.models import ServiceRequest, Status


class Command(BaseCommand):
    help = "Email the fix-confirmation question for requests closed as fixed weeks ago."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=200)
        parser.add_argument("--dry-run", action="store_true", help="count, send nothing")

    def handle(self, *args: object, batch_size: int, dry_run: bool, **options: object) -> None:
        if dry_run:
            due = (
                ServiceRequest.objects.filter(
                    status=Status.CLOSED,
                    closure_reason="fixed",
                    fix_check_sent_at__isnull=True,
                    closed_at__lte=timezone.now() - notifications.FIX_CHECK_AFTER,
                )
                .exclude(email="")
                .count()
            )
            self.stdout.write(f"{due} reporters would be asked (dry run).")
            return
        total = 0
        while sent := notifications.fix_checks_send(batch_size=batch_size):
            total += sent
            self.stdout.write(f"  {total} asked…")
        self.stdout.write(f"{total} reporters asked.")
