"""`smartcity restore <archive>`: put a backup back and check it against its manifest."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartcity.operations.databases import BackupError
from smartcity.operations.restore import restore_run


class Command(BaseCommand):
    help = (
        "Restore an archive of `smartcity backup` (database and media files), then verify"
        " every table's row count and every media file's sha256. Stop the platform first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that already has tables (else refused)",
        )

    def handle(self, *args: object, archive: Path, force: bool, **options: object) -> None:
        try:
            result = restore_run(archive_path=archive, force=force)
        except BackupError as error:
            raise CommandError(f"restore failed: {error}") from error
        for note in result.notes:
            self.stderr.write(note)
        self.stdout.write(
            f"restored and verified: {result.tables} tables, {result.rows} rows,"
            f" {result.media_files} media files equal the manifest"
        )
