"""`/healthz` and `/readyz` against the real database."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from smartcity.operations.models import ProcessHeartbeat
from smartcity.operations.services import heartbeat_beat


def beat(kind: str, name: str, *, ago: float = 0.0, **details) -> None:
    heartbeat_beat(kind=kind, name=name, started_at=timezone.now(), details=details)
    ProcessHeartbeat.objects.filter(kind=kind, name=name).update(
        seen_at=timezone.now() - datetime.timedelta(seconds=ago)
    )


@pytest.fixture
def worker_alive(db):
    beat(ProcessHeartbeat.Kind.WORKER, "worker-1", ago=5)


def test_healthz_answers_without_the_database_or_an_allowed_host(client):
    # No `db` fixture: any query would raise here.
    response = client.get("/healthz", HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert "Set-Cookie" not in response.headers
    assert "Content-Language" not in response.headers


def test_readyz_is_ready_with_a_migrated_database_and_a_live_worker(client, worker_alive):
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200, body
    assert set(body["checks"]) == {"database", "migrations", "cache_table", "worker", "ingest"}
    assert all(check["ok"] for check in body["checks"].values())
    assert response["Cache-Control"] == "no-store"


def test_readyz_is_unavailable_when_no_worker_ever_reported(client, db):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == {
        "ok": False,
        "detail": "no worker has ever reported",
    }


def test_readyz_is_unavailable_when_the_worker_is_silent_for_two_minutes(client, db):
    beat(ProcessHeartbeat.Kind.WORKER, "worker-1", ago=125)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "silent for 125 s" in response.json()["checks"]["worker"]["detail"]


def test_readyz_is_unavailable_when_the_cache_table_is_missing(client, worker_alive):
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE smartcity_cache")
    response = client.get("/readyz")
    assert response.status_code == 503
    check = response.json()["checks"]["cache_table"]
    assert not check["ok"]
    assert "createcachetable" in check["detail"]


def test_readyz_is_unavailable_with_a_migration_not_applied(client, worker_alive):
    MigrationRecorder.Migration.objects.filter(app="operations", name="0001_initial").delete()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "operations.0001_initial" in response.json()["checks"]["migrations"]["detail"]


def test_readyz_is_unavailable_when_ingest_lags(client, worker_alive):
    beat(ProcessHeartbeat.Kind.INGEST, "ingest-a", ago=3, lag_seconds=2.5, backlog=4)
    assert client.get("/readyz").status_code == 200
    beat(ProcessHeartbeat.Kind.INGEST, "ingest-a", ago=3, lag_seconds=240.0, backlog=9000)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["ingest"]["detail"] == "ingest-a 240 s behind"


def test_readyz_is_unavailable_when_an_ingest_worker_went_silent(client, worker_alive):
    beat(ProcessHeartbeat.Kind.INGEST, "ingest-a", ago=600, lag_seconds=0.1)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "ingest-a silent" in response.json()["checks"]["ingest"]["detail"]


READYZ_IN_A_PROCESS = """
import json, django
django.setup()
from django.test import Client
response = Client().get("/readyz")
print(response.status_code, json.dumps(response.json()))
"""


@pytest.mark.real_time
def test_readyz_is_unavailable_when_the_database_is_unreachable(tmp_path):
    # Nothing listens on port 9: the process's first query fails to connect.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "smartcity.config.settings",
        "SMARTCITY_ENV": "test",
        "SMARTCITY_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/nowhere",
    }
    done = subprocess.run(
        [sys.executable, "-c", READYZ_IN_A_PROCESS],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    status, body = done.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status == "503"
    checks = json.loads(body)["checks"]
    assert list(checks) == ["database"]
    assert not checks["database"]["ok"]
