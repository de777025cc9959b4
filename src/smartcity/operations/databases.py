"""The two databases a city may run on, as backups see them.

For each: a consistent copy of the whole database, the row count of every table and the
applied migrations read from that same copy (so the manifest describes exactly what the
archive holds, even while the web and the worker keep writing), and the copy put back.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.db import connection
from psycopg import sql
from psycopg.conninfo import make_conninfo

# libpq's own connection settings that Django's OPTIONS may carry (TLS above all); the
# rest of OPTIONS is for Django and psycopg, not for pg_dump.
LIBPQ_OPTIONS = {
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "sslcrl",
    "connect_timeout",
    "options",
    "application_name",
    "target_session_attrs",
    "service",
}
SYSTEM_SCHEMAS = ("pg_catalog", "information_schema")


class BackupError(Exception):
    """A backup or a restore that cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Snapshot:
    """What one consistent copy of the database holds."""

    tables: dict[str, int]
    migrations: dict[str, list[str]]


def database_vendor() -> str:
    """Django's name of the database the platform runs on, one backups know."""
    if connection.vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"backups know PostgreSQL and SQLite, not {connection.vendor}")
    return connection.vendor


def database_name() -> str:
    return str(settings.DATABASES["default"]["NAME"])


# -- PostgreSQL ---------------------------------------------------------------------------


def _postgres() -> tuple[str, dict[str, str]]:
    """The connection string (no password) and the environment for libpq's tools: the
    password travels in PGPASSWORD, never on a command line that `ps` shows."""
    config = settings.DATABASES["default"]
    options = {k: v for k, v in (config.get("OPTIONS") or {}).items() if k in LIBPQ_OPTIONS}
    conninfo = make_conninfo(
        dbname=config["NAME"],
        host=config.get("HOST") or None,
        port=str(config["PORT"]) if config.get("PORT") else None,
        user=config.get("USER") or None,
        **options,
    )
    environment = dict(os.environ)
    if config.get("PASSWORD"):
        environment["PGPASSWORD"] = config["PASSWORD"]
    return conninfo, environment


def _postgres_connect() -> psycopg.Connection[Any]:
    conninfo, environment = _postgres()
    try:
        return psycopg.connect(conninfo, password=environment.get("PGPASSWORD"))
    except psycopg.OperationalError as error:
        raise BackupError(f"cannot connect to the database {database_name()}: {error}") from error


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return path


def _run(command: list[str], environment: dict[str, str]) -> None:
    done = subprocess.run(command, env=environment, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()}")


def _postgres_state(connection: psycopg.Connection[Any]) -> Snapshot:
    tables = connection.execute(
        "SELECT schemaname, tablename FROM pg_tables WHERE schemaname <> ALL(%s)"
        " ORDER BY schemaname, tablename",
        [list(SYSTEM_SCHEMAS)],
    ).fetchall()
    counts = {}
    for schema, table in tables:
        query = sql.SQL("SELECT count(*) FROM {}.{}").format(
            sql.Identifier(schema), sql.Identifier(table)
        )
        counts[f"{schema}.{table}"] = connection.execute(query).fetchone()[0]  # type: ignore[index]
    migrations = _migrations(connection.execute, "public.django_migrations" in counts)
    return Snapshot(tables=counts, migrations=migrations)


def _migrations(execute: Any, present: bool) -> dict[str, list[str]]:
    if not present:
        return {}
    applied: dict[str, list[str]] = {}
    for app, name in execute("SELECT app, name FROM django_migrations ORDER BY app, id"):
        applied.setdefault(app, []).append(name)
    return applied


def postgres_dump(path: Path, *, lock_wait_seconds: int) -> Snapshot:
    """pg_dump's custom format of the whole database into `path`, and what it holds.

    pg_dump works on a snapshot exported from our own transaction, and the counts are read
    in that transaction afterwards: the dump and the manifest see the same rows, whatever
    the running platform writes meanwhile. A table locked for longer than
    `lock_wait_seconds` (a migration) fails the backup rather than waiting for ever."""
    conninfo, environment = _postgres()
    with _postgres_connect() as connection:
        connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        connection.execute(f"SET LOCAL lock_timeout = '{int(lock_wait_seconds)}s'")
        (snapshot,) = connection.execute("SELECT pg_export_snapshot()").fetchone()  # type: ignore[misc]
        _run(
            [
                _tool("pg_dump"),
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--lock-wait-timeout={int(lock_wait_seconds)}s",
                f"--file={path}",
                f"--dbname={conninfo}",
            ],
            environment,
        )
        return _postgres_state(connection)


def postgres_tables() -> list[str]:
    with _postgres_connect() as connection:
        rows = connection.execute(
            "SELECT schemaname || '.' || tablename FROM pg_tables WHERE schemaname <> ALL(%s)",
            [list(SYSTEM_SCHEMAS)],
        ).fetchall()
    return sorted(row[0] for row in rows)


def postgres_restore(path: Path) -> None:
    """The dump put back in one transaction: a failure leaves the database as it was.
    Objects of the dump already in the database are dropped first (`--clean`); owners are
    the restoring role's, so a dump from another server's role restores."""
    conninfo, environment = _postgres()
    _run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={conninfo}",
            str(path),
        ],
        environment,
    )


def postgres_state() -> Snapshot:
    with _postgres_connect() as connection:
        return _postgres_state(connection)


# -- SQLite -------------------------------------------------------------------------------


def sqlite_copy(path: Path) -> Snapshot:
    """SQLite's online backup of the database file into `path` (readers and writers may go
    on: the copy is one consistent state), and what the copy holds."""
    source = sqlite3.connect(database_name())
    target = sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        source.close()
    try:
        return _sqlite_state(target)
    finally:
        target.close()


def _sqlite_state(connection: sqlite3.Connection) -> Snapshot:
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
    ]
    counts = {
        name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names
    }
    return Snapshot(counts, _migrations(connection.execute, "django_migrations" in counts))


def sqlite_tables() -> list[str]:
    if not Path(database_name()).exists():
        return []
    connection = sqlite3.connect(database_name())
    try:
        return sorted(_sqlite_state(connection).tables)
    finally:
        connection.close()


def sqlite_restore(path: Path) -> None:
    """The copy written over the database file, page by page, through SQLite itself (a
    plain file copy would leave a stale write-ahead log beside it)."""
    Path(database_name()).parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(path)
    target = sqlite3.connect(database_name())
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def sqlite_state() -> Snapshot:
    connection = sqlite3.connect(database_name())
    try:
        return _sqlite_state(connection)
    finally:
        connection.close()
