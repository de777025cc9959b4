"""Downloads of a dataset as CSV, JSON and GeoJSON, written row by row.

Each function turns the dataset's row iterator into an iterator of text pieces for a
`StreamingHttpResponse`: the response starts at once and memory stays flat whatever
the size of the dataset (the rows themselves are read from the database in chunks).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

import orjson

from smartcity.opendata.registry import Dataset

# Rows written per piece sent: fewer, larger writes than one per row.
ROWS_PER_PIECE = 200


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def record(dataset: Dataset, row: dict[str, Any]) -> dict[str, Any]:
    """A row with exactly the dataset's columns, in order, as JSON-ready values."""
    return {c.name: _plain(row.get(c.name)) for c in dataset.columns}


def _pieces(parts: Iterable[str]) -> Iterator[str]:
    batch: list[str] = []
    for part in parts:
        batch.append(part)
        if len(batch) >= ROWS_PER_PIECE:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def csv_stream(dataset: Dataset) -> Iterator[str]:
    """UTF-8 CSV with a header of column names (the BOM lets spreadsheets read ș and ț)."""

    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        names = [c.name for c in dataset.columns]
        writer.writerow(names)
        yield "\ufeff" + buffer.getvalue()
        for row in dataset.rows():
            buffer.seek(0)
            buffer.truncate()
            values = record(dataset, row)
            writer.writerow(["" if values[n] is None else values[n] for n in names])
            yield buffer.getvalue()

    return _pieces(lines())


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


def json_stream(dataset: Dataset) -> Iterator[str]:
    """A JSON array of objects, one per row."""

    def parts() -> Iterator[str]:
        yield "["
        first = True
        for row in dataset.rows():
            yield ("" if first else ",") + "\n" + _json(record(dataset, row))
            first = False
        yield "\n]\n"

    return _pieces(parts())


def feature(dataset: Dataset, row: dict[str, Any]) -> dict[str, Any] | None:
    """A GeoJSON Point feature (RFC 7946: longitude first), or None without a position."""
    values = record(dataset, row)
    latitude, longitude = values.pop("latitude"), values.pop("longitude")
    if latitude is None or longitude is None:
        return None
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
        "properties": values,
    }


def geojson_stream(dataset: Dataset) -> Iterator[str]:
    """A GeoJSON FeatureCollection of the rows that have a position."""

    def parts() -> Iterator[str]:
        yield '{"type":"FeatureCollection","features":['
        first = True
        for row in dataset.rows():
            item = feature(dataset, row)
            if item is None:
                continue
            yield ("" if first else ",") + "\n" + _json(item)
            first = False
        yield "\n]}\n"

    return _pieces(parts())


STREAMS = {
    "csv": (csv_stream, "text/csv; charset=utf-8"),
    "json": (json_stream, "application/json"),
    "geojson": (geojson_stream, "application/geo+json"),
}
MEDIA_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "geojson": "application/geo+json",
}
# Codes of the EU file-type vocabulary (dct:format, under registry.FILE_TYPE_BASE), as
# in Distribution.file_type.
FILE_TYPES = {"csv": "CSV", "json": "JSON", "geojson": "GEOJSON"}
