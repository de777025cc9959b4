"""A freshly migrated database serves residents: `migrate` alone makes the cache table
that rate limits and submission tokens live in (before, only `smartcity demo` did)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from tests.service_requests.web.test_reporting import _form


def _cache_table_exists() -> bool:
    return "smartcity_cache" in connection.introspection.table_names()


@pytest.mark.django_db(transaction=True)
def test_migrate_makes_the_cache_table_and_the_first_report_is_not_a_500(client, balti):
    with connection.schema_editor() as editor:
        editor.execute(editor.sql_delete_table % {"table": editor.quote_name("smartcity_cache")})
    assert not _cache_table_exists()

    call_command("migrate", verbosity=0)

    assert _cache_table_exists()
    cache.clear()
    response = client.post("/requests/new/", _form())
    assert response.status_code == 302


def test_migrate_twice_keeps_the_cache_and_its_entries(db):
    cache.set("fresh-install-probe", "da", 60)
    call_command("migrate", verbosity=0)
    assert cache.get("fresh-install-probe") == "da"


@pytest.mark.real_time
def test_smartcity_migrate_on_a_new_database_leaves_a_working_cache(tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SMARTCITY_")}
    environment.pop("DATABASE_URL", None)
    environment |= {"SMARTCITY_DATA_DIR": str(tmp_path), "SMARTCITY_CACHE_URL": "db"}

    def smartcity(*arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "smartcity", *arguments],
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )

    assert smartcity("migrate", "--verbosity", "0").returncode == 0
    probe = smartcity(
        "shell",
        "-c",
        "from django.core.cache import cache; cache.set('p', 'da', 60); print(cache.get('p'))",
    )
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.splitlines()[-1] == "da"
