"""Reading a GTFS zip into typed rows, with every problem found on the way."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _

from smartcity.transit.gtfs.problems import FeedProblem
from smartcity.transit.gtfs.schema import FILES, FileSpec

# A feed of a city this size is a few megabytes; the bound stops a zip bomb.
MAX_UNCOMPRESSED_BYTES = 500_000_000
MAX_PROBLEMS = 200


@dataclass
class Row:
    line: int
    values: dict[str, Any]

    def __getitem__(self, name: str) -> Any:
        return self.values.get(name)


@dataclass
class FeedTables:
    """Typed rows per file; a file absent from the zip has no key."""

    tables: dict[str, list[Row]] = field(default_factory=dict)
    problems: list[FeedProblem] = field(default_factory=list)

    def rows(self, name: str) -> list[Row]:
        return self.tables.get(name, [])

    def problem(self, file: str, line: int | None, field_name: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(FeedProblem(file, line, field_name, message))

    @property
    def full(self) -> bool:
        return len(self.problems) >= MAX_PROBLEMS


def feed_read(source: str | IO[bytes]) -> FeedTables:
    """Parse every known file of the zip at `source` (a path or a binary file)."""
    feed = FeedTables()
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError):
        feed.problem("", None, "", _("The file is not a valid zip archive."))
        return feed
    with archive:
        names = {info.filename: info for info in archive.infolist() if not info.is_dir()}
        if sum(info.file_size for info in names.values()) > MAX_UNCOMPRESSED_BYTES:
            feed.problem("", None, "", _("The archive is too large once unpacked."))
            return feed
        nested = [name for name in names if "/" in name and name.rsplit("/", 1)[1] in FILES]
        if nested and not any(name in FILES for name in names):
            feed.problem(
                nested[0],
                None,
                "",
                _("GTFS files must be at the root of the zip, not in a folder."),
            )
            return feed
        for spec in FILES.values():
            if spec.name in names:
                try:
                    data = archive.read(spec.name)
                except (zipfile.BadZipFile, OSError, RuntimeError):
                    feed.problem(spec.name, None, "", _("The file cannot be read from the zip."))
                    continue
                _table_read(feed, spec, data)
            elif spec.required:
                feed.problem(spec.name, None, "", _("This required file is missing."))
    if "calendar.txt" not in feed.tables and "calendar_dates.txt" not in feed.tables:
        feed.problem(
            "calendar.txt",
            None,
            "",
            _("The feed needs calendar.txt or calendar_dates.txt to say when trips run."),
        )
    return feed


def _table_read(feed: FeedTables, spec: FileSpec, data: bytes) -> None:
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        feed.problem(spec.name, None, "", _("The file is not encoded in UTF-8."))
        return
    reader = csv.reader(io.StringIO(content, newline=""))
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        feed.problem(spec.name, 1, "", _("The file is empty; it needs at least a header line."))
        return
    except csv.Error:
        feed.problem(spec.name, 1, "", _("The header line is not valid CSV."))
        return
    if not _header_check(feed, spec, header):
        return
    rows: list[Row] = []
    line = 1
    try:
        for line, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            row = _row_parse(feed, spec, header, cells, line)
            if row is not None:
                rows.append(row)
            if feed.full:
                return
    except csv.Error:
        feed.problem(spec.name, line + 1, "", _("This line is not valid CSV."))
    feed.tables[spec.name] = rows


def _header_check(feed: FeedTables, spec: FileSpec, header: list[str]) -> bool:
    missing = [
        name
        for name, definition in spec.fields.items()
        if definition.required and name not in header
    ]
    duplicated = sorted({name for name in header if name and header.count(name) > 1})
    for name in missing:
        feed.problem(spec.name, 1, name, _("This required column is missing."))
    for name in duplicated:
        feed.problem(spec.name, 1, name, _("This column appears more than once."))
    return not missing and not duplicated


def _row_parse(
    feed: FeedTables, spec: FileSpec, header: list[str], cells: list[str], line: int
) -> Row | None:
    if len(cells) != len(header):
        feed.problem(
            spec.name,
            line,
            "",
            _("The line has %(found)s values where the header has %(expected)s.")
            % {"found": len(cells), "expected": len(header)},
        )
        return None
    values: dict[str, Any] = {}
    valid = True
    for name, cell in zip(header, cells, strict=True):
        definition = spec.fields.get(name)
        if definition is None:
            continue
        cell = cell.strip()
        if not cell:
            if definition.required:
                feed.problem(spec.name, line, name, _("A value is required."))
                valid = False
            continue
        try:
            values[name] = definition.parse(cell)
        except ValueError as error:
            feed.problem(
                spec.name,
                line,
                name,
                _("“%(value)s”: %(reason)s") % {"value": cell, "reason": error},
            )
            valid = False
    return Row(line, values) if valid else None
