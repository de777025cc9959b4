"""`smartcity city_load <dir>`: a city from its own files (docs/city-files.md)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from smartcity.city import services
from smartcity.city.files import CityFilesError


class Command(BaseCommand):
    help = (
        "Load the city (profile, districts, departments, categories, staff) from a "
        "directory of files, e.g. data/city/balti; loading them again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args: object, directory: Path, **options: object) -> None:
        try:
            links = services.city_load(directory=directory)
        except CityFilesError as error:
            # Nothing was written: the files are all checked before the transaction.
            raise CommandError(
                _("Nothing was loaded; the files have these problems:")
                + "\n  "
                + "\n  ".join(error.problems)
            ) from error
        self.stdout.write(
            self.style.SUCCESS(_("Loaded the city from %(dir)s.") % {"dir": directory})
        )
        for link in links:
            self.stdout.write(
                _("%(email)s: no password yet; set one at %(url)s")
                % {"email": link.email, "url": link.url}
            )
