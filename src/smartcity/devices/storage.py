"""Writing time series: raw readings once, the latest state, and the aggregates.

Plain SQL, because the ORM cannot say what makes this fast and correct: insert the raw
readings with ON CONFLICT DO NOTHING and RETURNING, so only the readings that are new
move the latest state and the aggregates forward (a repeated delivery changes nothing);
then upsert the state only where the new reading is newer, and add the new readings'
count, sum, minimum and maximum to their hour and day. SQLite (3.35+) runs one
statement per table and chunk; PostgreSQL gets the whole batch as arrays through
unnest() in one statement whose data-modifying CTEs do all three from the insert's
RETURNING, in one round trip whatever the batch size.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple, TypeVar

from django.conf import settings
from django.db import connection

from smartcity.devices.models import DeviceState, Reading, ReadingAggregate, RejectedReadings

# SQLite allows 32,766 parameters per statement; 8 columns × 2,000 rows stays well under.
SQLITE_CHUNK = 2000

T = TypeVar("T")
# What these statements bind: ids, counts, quantities and values, times (text on SQLite).
SqlValue = int | float | str | datetime.datetime


class Row(NamedTuple):
    device_id: int
    quantity: str
    observed_at: datetime.datetime
    value: float


def _postgres() -> bool:
    return connection.vendor == "postgresql"


@lru_cache(maxsize=65536)
def _sqlite_time(moment: datetime.datetime) -> str:
    # SQLite stores Django's own text form of a naive UTC time (what the ORM's
    # adapt_datetimefield_value writes); raw SQL must match it exactly or uniqueness of
    # (device, quantity, time) would not hold across the two paths. Batches share few
    # distinct times, hence the cache.
    return str(moment.astimezone(datetime.UTC).replace(tzinfo=None))


def _values_sql(columns: int, rows: int) -> str:
    one = "(" + ", ".join(["%s"] * columns) + ")"
    return ", ".join([one] * rows)


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _insert_readings(rows: list[Row]) -> set[tuple[int, str, datetime.datetime]]:
    """SQLite: insert in chunks, the keys of the rows that were new."""
    table = Reading._meta.db_table
    returned: list[tuple[int, str, str | datetime.datetime]] = []
    with connection.cursor() as cursor:
        for chunk in _chunks(rows, SQLITE_CHUNK):
            params: list[SqlValue] = []
            for r in chunk:
                params += (r.device_id, r.quantity, _sqlite_time(r.observed_at), r.value)
            cursor.execute(
                f"INSERT INTO {table} (device_id, quantity, observed_at, value) "
                f"VALUES {_values_sql(4, len(chunk))} "
                "ON CONFLICT DO NOTHING RETURNING device_id, quantity, observed_at",
                params,
            )
            returned += cursor.fetchall()
    return {(device_id, quantity, _aware(moment)) for device_id, quantity, moment in returned}


def _aware(moment: str | datetime.datetime) -> datetime.datetime:
    # SQLite hands back Django's stored text or a naive datetime, both in UTC.
    if isinstance(moment, str):
        moment = datetime.datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=datetime.UTC)
    return moment


def _upsert(
    table: str, columns: Sequence[str], rows: list[tuple[SqlValue, ...]], conflict: str, update: str
) -> None:
    """Insert or update rows in chunks of VALUES (both databases take the syntax)."""
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        for chunk in _chunks(rows, SQLITE_CHUNK):
            cursor.execute(
                f"INSERT INTO {table} ({names}) VALUES {_values_sql(len(columns), len(chunk))} "
                f"ON CONFLICT ({conflict}) DO UPDATE SET {update}",
                [value for row in chunk for value in row],
            )


@lru_cache(maxsize=4096)
def day_start(moment_date: datetime.date, zone: str) -> datetime.datetime:
    local = datetime.datetime.combine(moment_date, datetime.time(), zoneinfo.ZoneInfo(zone))
    return local.astimezone(datetime.UTC)


def day_of(moment: datetime.datetime) -> datetime.datetime:
    """The start, in UTC, of the city's local day that holds `moment`."""
    zone = settings.TIME_ZONE
    return day_start(moment.astimezone(zoneinfo.ZoneInfo(zone)).date(), zone)


def hour_of(moment: datetime.datetime) -> datetime.datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def _state_upsert_sqlite(rows: list[Row]) -> None:
    latest: dict[tuple[int, str], Row] = {}
    for r in rows:
        key = (r.device_id, r.quantity)
        known = latest.get(key)
        if known is None or r.observed_at > known.observed_at:
            latest[key] = r
    table = DeviceState._meta.db_table
    _upsert(
        table,
        ("device_id", "quantity", "observed_at", "value"),
        [
            (r.device_id, r.quantity, _sqlite_time(r.observed_at), r.value)
            for _k, r in sorted(latest.items())
        ],
        "device_id, quantity",
        # Only a newer reading moves the state: deliveries may arrive out of order.
        f"value = CASE WHEN excluded.observed_at > {table}.observed_at "
        f"THEN excluded.value ELSE {table}.value END, "
        f"observed_at = CASE WHEN excluded.observed_at > {table}.observed_at "
        f"THEN excluded.observed_at ELSE {table}.observed_at END",
    )


def _aggregates_upsert_sqlite(rows: list[Row]) -> None:
    sums: dict[tuple[int, str, str, datetime.datetime], list[float]] = {}
    days: dict[datetime.datetime, datetime.datetime] = {}
    for r in rows:
        hour = hour_of(r.observed_at)
        day = days.get(hour)
        if day is None:
            day = days[hour] = day_of(hour)
        for period, start in (("h", hour), ("d", day)):
            key = (r.device_id, r.quantity, period, start)
            known = sums.get(key)
            if known is None:
                sums[key] = [1, r.value, r.value, r.value]
            else:
                known[0] += 1
                known[1] += r.value
                known[2] = min(known[2], r.value)
                known[3] = max(known[3], r.value)
    table = ReadingAggregate._meta.db_table
    _upsert(
        table,
        ("device_id", "quantity", "period", "start", "count", "total", "minimum", "maximum"),
        # Sorted, so two workers lock the same rows in the same order (no deadlock).
        [
            (d, q, p, _sqlite_time(s), int(c), t, lo, hi)
            for (d, q, p, s), (c, t, lo, hi) in sorted(sums.items())
        ],
        "device_id, quantity, period, start",
        f"count = {table}.count + excluded.count, total = {table}.total + excluded.total, "
        f"minimum = MIN({table}.minimum, excluded.minimum), "
        f"maximum = MAX({table}.maximum, excluded.maximum)",
    )


def _array(items: Iterable[str]) -> str:
    return "{" + ",".join(items) + "}"


_QUOTED: dict[str, str] = {}


def _quoted(text: str) -> str:
    """A text as an element of an array literal (quantity names: few, so cached)."""
    found = _QUOTED.get(text)
    if found is None:
        escaped = text.replace("\\", "\\\\").replace('"', '\\"')
        found = f'"{escaped}"'
        if len(_QUOTED) < 10_000:
            _QUOTED[text] = found
    return found


def _iso_times(rows: list[Row]) -> list[str]:
    # The values of one reading share one datetime object: convert each once.
    out = []
    last: datetime.datetime | None = None
    text = ""
    for r in rows:
        moment = r.observed_at
        if moment is not last:
            if moment.tzinfo is None:
                raise ValueError("observed_at must be an aware datetime")
            text = moment.isoformat()
            last = moment
        out.append(text)
    return out


def _rows_store_postgres(rows: list[Row]) -> list[Row]:
    """One statement, one round trip: the batch travels once as four array literals.

    The insert's RETURNING feeds the state and aggregate upserts in the same statement,
    so only readings that are new move them (a copy already stored, or a second copy in
    this batch, counts nowhere). The arrays are built here as text (ids, quantity names,
    ISO times, floats' repr), far cheaper than adapting 10,000s of Python values.
    """
    reading = Reading._meta.db_table
    state = DeviceState._meta.db_table
    aggregate = ReadingAggregate._meta.db_table
    params = [
        _array([str(r.device_id) for r in rows]),
        _array([_quoted(r.quantity) for r in rows]),
        _array(_iso_times(rows)),
        _array([repr(float(r.value)) for r in rows]),
        settings.TIME_ZONE,
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH src AS (
                SELECT * FROM unnest(%s::bigint[], %s::text[], %s::timestamptz[], %s::float8[])
                    WITH ORDINALITY AS s (device_id, quantity, observed_at, value, ord)
            ),
            ins AS (
                -- In key order, so concurrent batches take their locks in one order; the
                -- first copy of a key in the batch is the one stored.
                INSERT INTO {reading} (device_id, quantity, observed_at, value)
                SELECT device_id, quantity, observed_at, value FROM src
                ORDER BY device_id, quantity, observed_at, ord
                ON CONFLICT DO NOTHING
                RETURNING device_id, quantity, observed_at, value
            ),
            latest AS (
                INSERT INTO {state} AS st (device_id, quantity, observed_at, value)
                SELECT DISTINCT ON (device_id, quantity) device_id, quantity, observed_at, value
                FROM ins ORDER BY device_id, quantity, observed_at DESC
                -- Only a newer reading moves the state: deliveries may arrive out of order.
                ON CONFLICT (device_id, quantity) DO UPDATE
                SET value = excluded.value, observed_at = excluded.observed_at
                WHERE excluded.observed_at > st.observed_at
            ),
            sums AS (
                INSERT INTO {aggregate} AS ag
                    (device_id, quantity, period, start, count, total, minimum, maximum)
                SELECT device_id, quantity, period, start,
                       count(*), sum(value), min(value), max(value)
                FROM (
                    SELECT device_id, quantity, 'h' AS period,
                           date_trunc('hour', observed_at, 'UTC') AS start, value
                    FROM ins
                    UNION ALL
                    SELECT device_id, quantity, 'd', date_trunc('day', observed_at, %s), value
                    FROM ins
                ) AS p
                GROUP BY device_id, quantity, period, start
                ORDER BY device_id, quantity, period, start
                ON CONFLICT (device_id, quantity, period, start) DO UPDATE
                SET count = ag.count + excluded.count, total = ag.total + excluded.total,
                    minimum = LEAST(ag.minimum, excluded.minimum),
                    maximum = GREATEST(ag.maximum, excluded.maximum)
            )
            -- Which rows of the batch were new: all of them, the usual case, is said
            -- with one 0 (PostgreSQL then skips the join); else their positions.
            SELECT 0 WHERE (SELECT count(*) FROM ins) = %s
            UNION ALL
            SELECT min(src.ord) FROM ins
            JOIN src USING (device_id, quantity, observed_at)
            WHERE (SELECT count(*) FROM ins) < %s
            GROUP BY device_id, quantity, observed_at
            """,
            [*params, len(rows), len(rows)],
        )
        new = sorted(ordinal for (ordinal,) in cursor.fetchall())
    if new == [0]:
        return list(rows)
    return [rows[ordinal - 1] for ordinal in new]


def rows_store(rows: list[Row]) -> list[Row]:
    """Store readings (inside the caller's transaction); returns those of `rows` that were
    new: the same Row objects, in batch order, the first copy of a key only."""
    if not rows:
        return []
    if _postgres():
        return _rows_store_postgres(rows)
    inserted = _insert_readings(rows)
    new = []
    for r in rows:
        key = (r.device_id, r.quantity, r.observed_at)
        if key in inserted:
            inserted.discard(key)  # a second copy in the same batch is not new
            new.append(r)
    _state_upsert_sqlite(new)
    _aggregates_upsert_sqlite(new)
    return new


def rejections_add(tally: list[tuple[str, str, int, str]], now: datetime.datetime) -> None:
    when = now if _postgres() else _sqlite_time(now)
    table = RejectedReadings._meta.db_table
    _upsert(
        table,
        ("device_ref", "reason", "count", "last_at", "last_detail"),
        [(ref, reason, n, when, detail) for ref, reason, n, detail in sorted(tally)],
        "device_ref, reason",
        f"count = {table}.count + excluded.count, last_at = excluded.last_at, "
        "last_detail = excluded.last_detail",
    )
