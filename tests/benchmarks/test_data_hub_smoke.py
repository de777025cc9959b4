"""The data hub benchmark runs end to end at a tiny scale, so it does not rot.

Nothing here is timed: the test checks that every measure is produced and that the
ingest runs really stored readings through the real broker, server and workers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.real_time


def _benchmark(tmp_path: Path, database_url: str | None) -> list[dict]:
    env = dict(
        os.environ,
        SMARTCITY_DATA_DIR=str(tmp_path),
        SMARTCITY_ENV="test",
        PYTHONPATH=f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        # 50 lights cannot carry the load within the production limit per device.
        SMARTCITY_DEVICE_READINGS_PER_MINUTE="1000000",
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env.pop("DATABASE_URL", None)
    arguments = ["--readings", "6000", "--lights", "50", "--seconds", "1", "--warmup", "0.5"]
    arguments += ["--ceiling-rows", "1500", "--rounds", "2", "--mqtt-backlog", "3000"]
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.data_hub", *arguments],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])["rows"]


def _check(rows: list[dict], *, postgres: bool) -> None:
    measures = [row["measure"] for row in rows]
    assert any(m.startswith("current state of the 50 street lights") for m in measures)
    assert any(m.startswith("hourly averages of one station") for m in measures)
    assert any(m.startswith("ceiling:") for m in measures)
    ingest = [row for row in rows if row["measure"].startswith("ingest through")]
    mqtt_one = ["ingest through MQTT, 1 worker"]
    if postgres:
        mqtt_one *= 2  # the second with one database connection, not two
    assert [r["measure"].split(", readings")[0].split(" (")[0] for r in ingest] == [
        *mqtt_one,
        "ingest through MQTT, 2 workers",
        "ingest through HTTP, 1 worker",
        "ingest through HTTP, 2 workers",
    ]
    # A 1-second window on a loaded machine may see no commit; the runs must store.
    for row in ingest:
        assert row["stored"] > 0, row
        assert row["offered"] >= row["stored"], row
    for row in ingest[-2:]:
        assert row["stored"] == row["offered"], "an HTTP client waits for each answer"
    stored = rows[0]["value"].replace(",", "")
    assert 5000 <= int(stored) <= 7000


@pytest.mark.django_db
def test_data_hub_benchmark_runs_on_the_suites_database(tmp_path):
    """On SQLite in the SQLite run, on a PostgreSQL database of its own in the other."""
    if connection.vendor != "postgresql":
        _check(_benchmark(tmp_path, None), postgres=False)
        return
    import psycopg

    settings = connection.settings_dict
    name = f"{settings['NAME']}_benchsmoke"
    options = {
        "host": settings["HOST"] or "127.0.0.1",
        "port": settings["PORT"] or 5432,
        "user": settings["USER"] or "postgres",
        "password": settings["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**options) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = f"postgres://{options['user']}@{options['host']}:{options['port']}/{name}"
        _check(_benchmark(tmp_path, url), postgres=True)
    finally:
        with psycopg.connect(**options) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
