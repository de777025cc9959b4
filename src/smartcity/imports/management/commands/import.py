# The command is `smartcity import`, so the module must be named after a keyword.
# ruff: noqa: N999
"""`smartcity import <source> <path>`: run a registered importer of external feeds."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartcity.imports import ImportRefusedError, importers


class Command(BaseCommand):
    help = "Import an external feed (GTFS, sensor vendors, harvesters) through its importer."

    def add_arguments(self, parser: CommandParser) -> None:
        choices = importers()
        parser.add_argument(
            "source",
            choices=sorted(choices),
            help="; ".join(f"{name}: {importer.help}" for name, importer in choices.items()),
        )
        parser.add_argument("path", help="the file to import")

    def handle(self, *args: object, **options: object) -> None:
        importer = importers()[str(options["source"])]
        try:
            summary = importer.run(str(options["path"]))
        except ImportRefusedError as refused:
            for problem in refused.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"{len(refused.problems)} problem(s); nothing was imported."
            ) from None
        self.stdout.write(self.style.SUCCESS(summary))
