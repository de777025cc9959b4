"""`smartcity backup <dest>`: the database and the media files in one archive."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartcity.operations.backup import backup_write
from smartcity.operations.databases import BackupError


def _exit_on_sigterm() -> None:
    # systemd stops a timer's run with SIGTERM: exit through Python, so the temporary
    # files are removed and pg_dump is stopped, instead of dying mid-write.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, or SQLite's online backup) and the media files into"
        " one tar archive with a manifest; safe while the platform runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "destination",
            type=Path,
            help="the archive's name (….tar), or a folder to name it in (smartcity-<UTC time>.tar)",
        )
        parser.add_argument(
            "--keep",
            type=int,
            help="after success, keep only this many archives named by time in the folder",
        )
        parser.add_argument(
            "--lock-wait-seconds",
            type=int,
            default=600,
            help="fail if a table stays locked (a migration) for longer than this",
        )

    def handle(
        self,
        *args: object,
        destination: Path,
        keep: int | None,
        lock_wait_seconds: int,
        **options: object,
    ) -> None:
        if keep is not None and keep < 1:
            raise CommandError("--keep must be 1 or more")
        _exit_on_sigterm()
        try:
            result = backup_write(
                destination=destination,
                keep=keep,
                lock_wait_seconds=lock_wait_seconds,
                progress=self.stderr.write,
            )
        except BackupError as error:
            raise CommandError(f"backup failed, no archive written: {error}") from error
        for note in result.notes:
            self.stderr.write(note)
        for path in result.removed:
            self.stderr.write(f"removed the old archive {path}")
        self.stdout.write(
            f"{result.tables} tables, {result.rows} rows, {result.media_files} media files"
            f" ({result.media_bytes} bytes)"
        )
        self.stdout.write(str(result.path))
