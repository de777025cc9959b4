"""Reading and writing the exchange table: one header row, then one row per record."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The stable column order; documented in docs/strategy-exchange.md. Add columns only at
# the end, never rename or reorder: files made by earlier versions must still import.
COLUMNS = [
    "kind",
    "plan",
    "code",
    "parent",
    "title_ro",
    "title_ru",
    "title_en",
    "weight",
    "start_year",
    "end_year",
    "responsible",
    "cost_mdl",
    "funding_source",
    "status",
    "progress",
    "unit",
    "baseline",
    "baseline_year",
    "target",
    "target_year",
    "computation",
    "date",
    "value",
    "done_on",
    "source",
    "illustrative",
    "responsible_ru",
    "responsible_en",
    "funding_source_ru",
    "funding_source_en",
]
NUMERIC = {
    "weight",
    "start_year",
    "end_year",
    "cost_mdl",
    "progress",
    "baseline",
    "baseline_year",
    "target",
    "target_year",
    "value",
}
SHEET = "strategy"
MAX_ROWS = 50_000


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text the CSV would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return number_text(Decimal(repr(value)))
    return str(value).strip()


def number_text(value: Decimal | int | None) -> str:
    """A number as the format writes it: no exponent, no trailing zeros."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text


def _rows(header: list[str], body: list[list[str]]) -> list[dict[str, str]]:
    header = [h.strip().lower() for h in header]
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        raise ValidationError(
            _("Unknown columns: %(columns)s. The format's columns are: %(known)s.")
            % {"columns": ", ".join(unknown), "known": ", ".join(COLUMNS)}
        )
    for required in ("kind", "plan", "code"):
        if required not in header:
            raise ValidationError(_("The column “%(column)s” is missing.") % {"column": required})
    if len(body) > MAX_ROWS:
        raise ValidationError(_("At most %(count)d rows per file.") % {"count": MAX_ROWS})
    rows = []
    for cells in body:
        row = {column: "" for column in COLUMNS}
        for name, cell in zip(header, cells, strict=False):
            if name:
                row[name] = cell.strip()
        rows.append(row)
    return rows


def table_read(content: bytes, *, filename: str) -> list[dict[str, str]]:
    """The rows of an uploaded CSV (UTF-8, comma or semicolon) or XLSX file, each a dict
    over all COLUMNS (absent columns empty). Raises ValidationError on a file that is
    not one of these."""
    if filename.lower().endswith(".xlsx"):
        return _xlsx_read(content)
    if filename.lower().endswith(".csv"):
        return _csv_read(content)
    raise ValidationError(_("Upload a .csv or .xlsx file."))


def _csv_read(content: bytes) -> list[dict[str, str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(_("The CSV file is not in UTF-8.")) from error
    dialect: type[csv.Dialect] | csv.Dialect = csv.excel
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;")
    except csv.Error:
        pass
    lines = list(csv.reader(io.StringIO(text), dialect))
    lines = [line for line in lines if any(cell.strip() for cell in line)]
    if not lines:
        raise ValidationError(_("The file is empty."))
    return _rows(lines[0], lines[1:])


def _xlsx_read(content: bytes) -> list[dict[str, str]]:
    # openpyxl parses through defusedxml when it is installed (hence the dependency): a
    # workbook declaring XML entities is refused, not expanded.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
        # Read-only sheets are parsed row by row, so a damaged sheet fails here, not above.
        lines = [
            [_cell_text(cell) for cell in line]
            for line in sheet.iter_rows(values_only=True)
            if any(cell not in (None, "") for cell in line)
        ]
        workbook.close()
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise ValidationError(_("The file is not a readable XLSX workbook.")) from error
    if not lines:
        raise ValidationError(_("The file is empty."))
    return _rows(lines[0], lines[1:])
