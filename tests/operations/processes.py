"""Real platform processes for the operations tests: a worker, a gunicorn, on the test's
own database (the tests that use them need `django_db(transaction=True)`, so that what
they write is committed where the process can see it)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

from tests.processes import free_port

ROOT = Path(__file__).resolve().parents[2]


def wait_for(condition: Callable[[], object], seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return bool(condition())


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings["USER"] or "postgres"
    host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    return f"postgres://{user}@{host}/{settings['NAME']}"


def platform_env(**extra: str) -> dict[str, str]:
    """The environment of a platform process on the test database; the repository root
    on the path too, so the worker can import the tests' own tasks."""
    path = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    return dict(
        os.environ,
        DATABASE_URL=database_url(),
        SMARTCITY_ENV="development",
        PYTHONPATH=path,
        **extra,
    )


def worker_start(log: Path, *arguments: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "smartcity", "worker", "--interval", "0.2", *arguments],
        env=platform_env(),
        cwd=ROOT,
        # A file, not a pipe: a pipe nobody reads would block a chatty worker.
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def gunicorn_start(
    directory: Path, *, workers: int, **environment: str
) -> tuple[subprocess.Popen, str]:
    """gunicorn with deploy/gunicorn.conf.py on the test database, its output in
    `directory`/gunicorn.log; the process and its base URL (answering or not yet)."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--worker-tmp-dir",
            str(directory),
            "--access-logfile",
            "/dev/null",
        ],
        env=platform_env(**environment),
        cwd=ROOT,
        stdout=(directory / "gunicorn.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    return server, f"http://127.0.0.1:{port}"


def stop(process: subprocess.Popen, seconds: float = 15.0) -> int:
    """SIGTERM, then SIGKILL if it would not stop; its exit code."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            return process.wait(seconds)
        except subprocess.TimeoutExpired:
            process.kill()
    return process.wait(seconds)


def backends_terminate() -> int:
    """What a PostgreSQL restart does to the platform: every other connection to the test
    database is killed. Returns how many were."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


@contextmanager
def database_down() -> Iterator[None]:
    """What a PostgreSQL restart looks like from the platform: every connection to the
    test database but the test's own is killed, and new ones are refused until the block
    ends (said from the maintenance database: no one may lock out their own database)."""
    import psycopg

    settings = connection.settings_dict
    name = connection.ops.quote_name(settings["NAME"])
    with connection.cursor() as cursor:  # opened now, while it still may be
        cursor.execute("SELECT pg_backend_pid()")
        own = cursor.fetchone()[0]
    with psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"] or "postgres",
        dbname="postgres",
        autocommit=True,
    ) as admin:
        admin.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false")
        try:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> %s",
                [settings["NAME"], own],
            )
            yield
        finally:
            admin.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")
