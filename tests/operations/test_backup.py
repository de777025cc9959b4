"""Backups as a city's IT team makes and uses them: `smartcity backup`, destroy, `smartcity
restore`, every table's row count and a resident's photo back, the site working after.

Each installation is a real one: its own scratch PostgreSQL database on 127.0.0.1:5432
(made here and dropped after, whichever database the rest of the suite runs on) or a
SQLite file, the platform's commands run as processes with production settings.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from psycopg import sql

from tests.production.site import (
    database_drop,
    database_fresh,
    production_environment,
    server_connect,
    server_database_url,
)

pytestmark = pytest.mark.real_time

ROOT = Path(__file__).resolve().parents[2]
# The process id keeps this run's databases apart from a run beside it (the suite's
# SQLite and PostgreSQL passes, another checkout on the same server).
PREFIX = f"smartcity_backup_{os.getpid()}"

SETUP = """
import io, json
from PIL import Image
from django.contrib.auth import get_user_model
from smartcity.city import demo as city
from smartcity.service_requests import demo as categories, services
from smartcity.service_requests.models import ServiceCategory
city.city_load()
categories.categories_load()
def draft(text):
    return services.RequestDraft(
        category=ServiceCategory.objects.get(code="street-light-out"), description=text,
        latitude=47.7617, longitude=27.9289)
photo = io.BytesIO()
Image.new("RGB", (800, 600), (200, 120, 40)).save(photo, "JPEG")
photo.seek(0)
photo.name = "felinar.jpg"
report = services.request_submit(
    draft=draft("Nu arde felinarul de lângă blocul 12."), photos=[photo])
services.request_submit(draft=draft("Felinar stins pe strada Independenței."))
get_user_model().objects.create_user("ana.restaurare", password="o-parolă-lungă-1")
print(json.dumps({"tracking": report.tracking_code, "photo": report.photos.get().image.name}))
"""

# What an app and a resident see, and a sign-in: the report over Open311 (production
# pages would need `collectstatic`, minutes on a busy machine), its photo, the login form.
SITE_CHECK = """
import hashlib, json, os
from django.test import Client
client = Client()
answer = client.get(f"/open311/v2/requests/{os.environ['CHECK_TRACKING']}.json", secure=True)
(report,) = answer.json()
image = client.get(report["media_url"].removeprefix("https://testserver"), secure=True)
body = b"".join(image.streaming_content) if image.streaming else image.content
signin = client.post(
    "/accounts/login/", {"username": "ana.restaurare", "password": "o-parolă-lungă-1"}, secure=True)
print(json.dumps({"report": answer.status_code, "photo": image.status_code,
                  "photo_sha256": hashlib.sha256(body).hexdigest(),
                  "signin": signin.status_code, "signed_in": "_auth_user_id" in client.session}))
"""


def postgres_counts(name: str) -> dict[str, int]:
    """Every table's row count, read here, not by the code under test."""
    with server_connect(name) as connection:
        tables = connection.execute(
            "SELECT schemaname, tablename FROM pg_tables"
            " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        ).fetchall()
        return {
            f"{schema}.{table}": connection.execute(
                sql.SQL("SELECT count(*) FROM {}.{}").format(
                    sql.Identifier(schema), sql.Identifier(table)
                )
            ).fetchone()[0]
            for schema, table in tables
        }


def sqlite_counts(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    try:
        names = [
            r[0]
            for r in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: connection.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        connection.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Installation:
    root: Path
    environment: dict[str, str]
    tracking: str
    photo: str  # its name under the media root
    photo_sha256: str
    counts: dict[str, int]
    archive: Path

    @property
    def media(self) -> Path:
        return Path(self.environment["SMARTCITY_MEDIA_ROOT"])

    def smartcity(self, *arguments: str, **environment: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "smartcity", *arguments],
            env=self.environment | environment,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )

    def ok(self, *arguments: str, **environment: str) -> str:
        done = self.smartcity(*arguments, **environment)
        assert done.returncode == 0, f"{arguments}:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def elsewhere(self, name: str) -> dict[str, str]:
        """The settings of the same platform on another, empty database and media root."""
        return {
            "DATABASE_URL": database_fresh(f"{PREFIX}_{name}"),
            "SMARTCITY_MEDIA_ROOT": str(self.root / name / "media"),
        }


def _environment(root: Path, database_url: str) -> dict[str, str]:
    return production_environment(
        root, database_url, host="testserver", site_url="https://testserver"
    ) | {"SMARTCITY_EMAIL_HOST": "localhost"}


def _installation(root: Path, database_url: str, counts) -> Installation:
    site = Installation(root, _environment(root, database_url), "", "", "", {}, root / "x")
    site.ok("migrate", "--noinput")
    loaded = json.loads(site.ok("shell", "-c", SETUP).splitlines()[-1])
    site.tracking, site.photo = loaded["tracking"], loaded["photo"]
    site.photo_sha256 = sha256(site.media / site.photo)
    site.archive = Path(site.ok("backup", str(root / "backups")).splitlines()[-1])
    site.counts = counts()
    return site


@pytest.fixture(scope="module")
def postgres_site(tmp_path_factory):
    name = f"{PREFIX}_source"
    try:
        yield _installation(
            tmp_path_factory.mktemp("backup-postgres"),
            database_fresh(name),
            lambda: postgres_counts(name),
        )
    finally:
        with server_connect() as connection:
            scratch = connection.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{PREFIX}%"]
            ).fetchall()
        for (database,) in scratch:
            database_drop(database)


def test_the_archive_holds_the_dump_the_photo_and_a_manifest_of_every_table(postgres_site):
    assert postgres_site.archive.name.startswith("smartcity-")
    assert oct(postgres_site.archive.stat().st_mode & 0o777) == "0o600"
    with tarfile.open(postgres_site.archive) as archive:
        names = archive.getnames()
        manifest = json.load(archive.extractfile("manifest.json"))
    assert names[0] == "database.dump" and names[-1] == "manifest.json"
    assert f"media/{postgres_site.photo}" in names
    assert manifest["tables"] == postgres_site.counts
    assert manifest["tables"]["public.service_requests_servicerequest"] == 2
    assert "0001_initial" in manifest["migrations"]["service_requests"]
    (photo,) = [f for f in manifest["media"]["files"] if f["path"] == postgres_site.photo]
    assert photo["sha256"] == postgres_site.photo_sha256


def test_a_destroyed_installation_comes_back_whole_from_its_backup(postgres_site):
    site = postgres_site
    name = site.environment["DATABASE_URL"].rsplit("/", 1)[1]
    database_drop(name)
    shutil.rmtree(site.media)
    database_fresh(name)

    restored = site.ok("restore", str(site.archive))

    assert "restored and verified" in restored
    assert postgres_counts(name) == site.counts
    assert sha256(site.media / site.photo) == site.photo_sha256
    seen = json.loads(
        site.ok("shell", "-c", SITE_CHECK, CHECK_TRACKING=site.tracking).splitlines()[-1]
    )
    assert seen == {
        "report": 200,
        "photo": 200,
        "photo_sha256": site.photo_sha256,
        "signin": 302,
        "signed_in": True,
    }


def test_restore_over_a_database_with_data_is_refused_unless_forced(postgres_site):
    other = postgres_site.elsewhere("refused")
    postgres_site.ok("restore", str(postgres_site.archive), **other)

    refused = postgres_site.smartcity("restore", str(postgres_site.archive), **other)
    forced = postgres_site.smartcity("restore", "--force", str(postgres_site.archive), **other)

    assert refused.returncode == 1
    assert "is not empty" in refused.stderr and "--force" in refused.stderr
    assert forced.returncode == 0, forced.stderr
    assert postgres_counts(f"{PREFIX}_refused") == postgres_site.counts


def test_an_archive_with_an_altered_photo_is_refused_and_nothing_is_restored(postgres_site):
    damaged = postgres_site.root / "damaged.tar"
    with tarfile.open(postgres_site.archive) as source, tarfile.open(damaged, "w") as out:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == f"media/{postgres_site.photo}":
                data = data[:-1] + bytes([data[-1] ^ 1])  # one bit, the size unchanged
            out.addfile(member, io.BytesIO(data))
    other = postgres_site.elsewhere("damaged")

    done = postgres_site.smartcity("restore", str(damaged), **other)

    assert done.returncode == 1
    assert f"media/{postgres_site.photo}" in done.stderr and "damaged" in done.stderr
    assert postgres_counts(f"{PREFIX}_damaged") == {}
    assert not list(Path(other["SMARTCITY_MEDIA_ROOT"]).parent.rglob("*.jpg"))


def test_a_backup_of_a_missing_database_fails_and_leaves_no_archive(postgres_site):
    folder = postgres_site.root / "missing"
    done = postgres_site.smartcity(
        "backup", str(folder), DATABASE_URL=server_database_url(f"{PREFIX}_never_made")
    )
    assert done.returncode == 1
    assert "no archive written" in done.stderr and "does not exist" in done.stderr
    assert list(folder.iterdir()) == []


def test_a_backup_stopped_half_way_by_a_locked_table_leaves_no_archive(postgres_site):
    folder = postgres_site.root / "locked"
    name = postgres_site.environment["DATABASE_URL"].rsplit("/", 1)[1]
    with server_connect(name) as connection, connection.transaction():
        # A migration holds the table: pg_dump, already running, gives up after a second.
        connection.execute("LOCK TABLE service_requests_requestphoto IN ACCESS EXCLUSIVE MODE")
        done = postgres_site.smartcity("backup", str(folder), "--lock-wait-seconds", "1")
    assert done.returncode == 1
    assert "pg_dump failed" in done.stderr, done.stderr
    assert list(folder.iterdir()) == []  # not even the temporary files


def test_old_archives_beyond_keep_are_removed_after_a_successful_backup(postgres_site):
    folder = postgres_site.root / "nightly"
    folder.mkdir()
    for day in ("01", "02", "03"):
        (folder / f"smartcity-202501{day}T023000Z.tar").write_bytes(b"old")
    (folder / "notes.txt").write_text("kept: not an archive of ours")

    postgres_site.ok("backup", str(folder), "--keep", "2")

    names = sorted(p.name for p in folder.iterdir())
    assert names[0] == "notes.txt" and names[1] == "smartcity-20250103T023000Z.tar"
    assert len(names) == 3


@pytest.fixture(scope="module")
def sqlite_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("backup-sqlite")
    database = root / "data" / "smartcity.sqlite3"
    database.parent.mkdir()
    return _installation(root, f"sqlite:///{database}", lambda: sqlite_counts(database))


def test_a_sqlite_installation_comes_back_whole_from_its_online_backup(sqlite_site):
    database = sqlite_site.root / "data" / "smartcity.sqlite3"
    with tarfile.open(sqlite_site.archive) as archive:
        assert archive.getnames()[0] == "database.sqlite3"
    for path in database.parent.glob("smartcity.sqlite3*"):
        path.unlink()
    shutil.rmtree(sqlite_site.media)

    sqlite_site.ok("restore", str(sqlite_site.archive))

    assert sqlite_counts(database) == sqlite_site.counts
    assert sqlite_counts(database)["service_requests_servicerequest"] == 2
    assert sha256(sqlite_site.media / sqlite_site.photo) == sqlite_site.photo_sha256
    refused = sqlite_site.smartcity("restore", str(sqlite_site.archive))
    assert refused.returncode == 1 and "--force" in refused.stderr


def test_with_s3_media_the_backup_holds_the_database_and_says_the_bucket_is_not_in_it(
    sqlite_site,
):
    archive = sqlite_site.root / "s3.tar"
    done = sqlite_site.smartcity(
        "backup", str(archive), SMARTCITY_MEDIA_STORAGE="s3", SMARTCITY_S3_BUCKET="balti-media"
    )
    assert done.returncode == 0, done.stderr
    assert "S3 bucket balti-media" in done.stderr and "not in this archive" in done.stderr
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert not [n for n in tar.getnames() if n.startswith("media/")]
    assert manifest["media"] == {"storage": "s3", "bucket": "balti-media", "files": []}
