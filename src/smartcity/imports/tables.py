"""Reading a CSV table that staff upload or an importer is given: the header checked,
a size limit, and the problems said in the user's language. What each row means is the
importing app's business."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

T = TypeVar("T")


class ImportRejectedError(ValidationError):
    """Nothing was saved; `messages` lists each problem with its row."""


class RowError(Exception):
    """One row's problem, said to the user with the row's number."""


def csv_rows(text: str, *, required: Sequence[str], max_rows: int) -> list[dict[str, str]]:
    """The rows of a CSV text (comma or semicolon, header row first) as dicts of text.

    Raises ImportRejectedError when the header lacks a required column or the table has
    more than `max_rows` rows; cells missing at the end of a short row read as "".
    """
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [(name or "").strip().lstrip("\ufeff") for name in reader.fieldnames or []]
    missing = [c for c in required if c not in header]
    if missing:
        raise ImportRejectedError(
            [_("The header lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)}]
        )
    reader.fieldnames = header
    rows = []
    for row in reader:
        rows.append({k: v if isinstance(v, str) else "" for k, v in row.items() if k})
        if len(rows) > max_rows:
            raise ImportRejectedError(
                [_("At most %(count)d rows at a time.") % {"count": max_rows}]
            )
    return rows


def rows_checked(rows: list[dict[str, str]], entry_of: Callable[[dict[str, str]], T]) -> list[T]:
    """Every row made an entry by `entry_of`, which raises RowError or ValidationError for
    a row it refuses. Every refused row is reported (the header being row 1), so the
    whole file is checked before ImportRejectedError says what to mend."""
    entries: list[T] = []
    problems: list[str] = []
    for number, row in enumerate(rows, start=2):
        try:
            entries.append(entry_of(row))
        except RowError as error:
            problems.append(_("Row %(row)d: %(problem)s") % {"row": number, "problem": error})
        except ValidationError as error:
            for message in error.messages:
                problems.append(_("Row %(row)d: %(problem)s") % {"row": number, "problem": message})
    if problems:
        raise ImportRejectedError(problems)
    return entries
