"""Every response of a round as rows, for the staff's CSV (streamed) and XLSX (openpyxl
in write-only mode) exports. Responses are read in batches by id, so memory stays the
same however many there are."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from smartcity.skills.models import Answer, Question, Response, StudyRound
from smartcity.skills.questionnaire import Item, structure_of

BATCH = 500


Column = tuple[str, str, str | None, str | None]


def _columns(items: list[Item]) -> list[Column]:
    """(header, question code, matrix row, matrix column) for each column."""
    columns: list[Column] = []
    for item in items:
        if item.kind == Question.Kind.MATRIX:
            for row, _label in item.rows:
                if item.question.cells == Question.Cells.NUMBER:
                    columns += [
                        (f"{item.code}:{row}:{col}", item.code, row, col)
                        for col, _l in item.choices
                    ]
                else:
                    columns.append((f"{item.code}:{row}", item.code, row, None))
        else:
            columns.append((item.code, item.code, None, None))
    return columns


def _cell(value: Any, row: str | None, column: str | None) -> object:
    if value is None:
        return ""
    if row is not None:
        value = (value or {}).get(row)
        if column is not None:
            value = (value or {}).get(column)
        return "" if value is None else value
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return value


def response_rows(study_round: StudyRound) -> Iterator[list[object]]:
    """The header, then one row per response (submitted or not) of the round."""
    items = structure_of(study_round.survey).items()
    columns = _columns(items)
    # Column names are codes, the same in every language, so that scripts can read them.
    yield ["enterprise", "directory_sector", "submitted_at", *(c[0] for c in columns)]
    last = 0
    while True:
        rows = _batch_rows(study_round, columns, after=last)
        if not rows:
            return
        last = rows[-1][0]
        # Only one batch is held at a time: the list is dropped before the next query.
        for _pk, row in rows:
            yield row
        del rows


def _batch_rows(study_round: StudyRound, columns: list, *, after: int) -> list:
    # Plain tuples rather than model instances: lighter, and no reference cycles left
    # for the garbage collector to find late.
    batch = list(
        Response.objects.filter(invitation__round=study_round, pk__gt=after)
        .order_by("pk")
        .values_list(
            "pk",
            "invitation__organisation__name",
            "invitation__organisation__sector",
            "submitted_at",
        )[:BATCH]
    )
    if not batch:
        return []
    answers: dict[int, dict[str, object]] = {pk: {} for pk, *_rest in batch}
    found = Answer.objects.filter(
        response_id__gte=batch[0][0], response_id__lte=batch[-1][0], response_id__in=answers
    ).values_list("response_id", "question__code", "value")
    for response_id, code, value in found:
        answers[response_id][code] = value
    rows = []
    for pk, name, sector, submitted_at in batch:
        given = answers[pk]
        submitted = timezone.localtime(submitted_at).isoformat() if submitted_at else ""
        cells = [_cell(given.get(code), row, col) for _h, code, row, col in columns]
        rows.append((pk, [name, sector, submitted, *cells]))
    return rows


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(study_round: StudyRound) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so that spreadsheet programs read UTF-8
    for row in response_rows(study_round):
        yield writer.writerow(row)


def xlsx_file(study_round: StudyRound):  # noqa: ANN201 - a temporary file
    """The responses as an XLSX workbook in a temporary file, read from the start."""
    from openpyxl import Workbook  # only when asked: it is a large import

    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(study_round.year))
    for row in response_rows(study_round):
        sheet.append(row)
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    book.save(handle)
    handle.seek(0)
    return handle
