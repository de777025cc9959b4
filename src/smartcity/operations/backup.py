"""`smartcity backup`: the database and the media files in one archive, with a manifest.

The archive is a plain tar: `database.dump` (PostgreSQL's custom format) or
`database.sqlite3`, the media root under `media/`, and `manifest.json` last. It is written
under a hidden temporary name in the destination's folder and renamed when complete, so
a backup that fails or is stopped leaves no file that looks like a whole archive.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import re
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

from smartcity.operations import databases
from smartcity.operations.databases import BackupError

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
# Archives `smartcity backup <folder>` names, and the only files `--keep` ever deletes.
ARCHIVE_NAME = re.compile(r"^smartcity-\d{8}T\d{6}Z\.tar$")
CHUNK = 1 << 20


@dataclass(frozen=True)
class BackupResult:
    path: Path
    tables: int
    rows: int
    media_files: int
    media_bytes: int
    notes: list[str]
    removed: list[Path]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class _Hashing(io.RawIOBase):
    """A file read through once as tarfile copies it, its sha256 taken on the way."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream, self.digest = stream, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        self.digest.update(chunk)
        return chunk


def media_files(root: Path) -> Iterator[Path]:
    """Every regular file under the media root, by its path relative to the root."""
    if not root.is_dir():
        return
    for folder, directories, names in os.walk(root):
        directories.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root)


def _media_add(archive: tarfile.TarFile, root: Path) -> tuple[list[dict], list[str]]:
    files, notes = [], []
    for relative in media_files(root):
        try:
            stream = (root / relative).open("rb")
        except FileNotFoundError:
            # Deleted by the running platform since the folder was listed: it is gone from
            # the database's copy too, or will be.
            notes.append(f"media/{relative.as_posix()} vanished during the backup")
            continue
        with stream:
            info = archive.gettarinfo(fileobj=stream, arcname=f"media/{relative.as_posix()}")
            hashing = _Hashing(stream)
            archive.addfile(info, hashing)  # type: ignore[arg-type]
        files.append(
            {"path": relative.as_posix(), "size": info.size, "sha256": hashing.digest.hexdigest()}
        )
    return files, notes


def _manifest(
    vendor: str, snapshot: databases.Snapshot, dump: Path, media: dict[str, object]
) -> dict[str, object]:
    return {
        "format": FORMAT,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "platform_version": metadata.version("smartcity"),
        "database": {
            "vendor": vendor,
            "name": databases.database_name() if vendor == "postgresql" else "",
            "file": DATABASE_FILES[vendor],
            "size": dump.stat().st_size,
            "sha256": sha256_file(dump),
        },
        "migrations": snapshot.migrations,
        "tables": snapshot.tables,
        "media": media,
    }


def _destination(destination: Path) -> Path:
    if destination.is_dir() or destination.suffix != ".tar":
        destination.mkdir(parents=True, exist_ok=True)
        moment = datetime.datetime.now(datetime.UTC)
        destination = destination / f"smartcity-{moment:%Y%m%dT%H%M%SZ}.tar"
    if destination.exists():
        raise BackupError(f"{destination} already exists; a backup never overwrites one")
    if not destination.parent.is_dir():
        raise BackupError(f"the folder {destination.parent} does not exist")
    return destination


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def backup_write(
    *,
    destination: Path,
    keep: int | None = None,
    lock_wait_seconds: int = 600,
    progress: Callable[[str], None] = lambda line: None,
) -> BackupResult:
    """Back up the configured database and the local media root into one archive.

    `destination` is the archive's file name (`….tar`), or a folder (made if missing) in
    which it is named after the time (`smartcity-20250131T023000Z.tar`). With S3 media the
    bucket is not copied (the provider's versioning and replication keep it) and the
    manifest says so. `keep`
    deletes the oldest such archives in the folder beyond that many, after success only.
    Raises BackupError, leaving no archive, when any step fails."""
    vendor = databases.database_vendor()
    final = _destination(destination)
    with tempfile.TemporaryDirectory(dir=final.parent, prefix=".smartcity-backup-") as work:
        dump = Path(work) / DATABASE_FILES[vendor]
        progress(f"copying the {vendor} database")
        if vendor == "postgresql":
            snapshot = databases.postgres_dump(dump, lock_wait_seconds=lock_wait_seconds)
        else:
            snapshot = databases.sqlite_copy(dump)
        partial = Path(work) / "archive.tar"
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as archive:
            archive.add(dump, arcname=dump.name)
            media, notes = _media_section(archive, progress)
            manifest = _manifest(vendor, snapshot, dump, media)
            text = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode = len(text), 0o600
            info.mtime = int(datetime.datetime.now().timestamp())
            archive.addfile(info, io.BytesIO(text))
        _fsync(partial)
        os.chmod(partial, 0o600)  # residents' personal data: for the backup's owner only
        os.replace(partial, final)
        _fsync(final.parent)
    files = media.get("files", [])
    assert isinstance(files, list)
    return BackupResult(
        path=final,
        tables=len(snapshot.tables),
        rows=sum(snapshot.tables.values()),
        media_files=len(files),
        media_bytes=sum(f["size"] for f in files),
        notes=notes,
        removed=_retention(final.parent, keep) if keep else [],
    )


def _media_section(
    archive: tarfile.TarFile, progress: Callable[[str], None]
) -> tuple[dict[str, object], list[str]]:
    storage = settings.ENV.media
    if storage.backend == "s3":
        note = (
            f"media are in the S3 bucket {storage.s3_bucket} and are not in this archive: "
            "the bucket's versioning and replication at the provider keep them"
        )
        return {"storage": "s3", "bucket": storage.s3_bucket, "files": []}, [note]
    progress(f"copying the media files of {settings.MEDIA_ROOT}")
    files, notes = _media_add(archive, Path(settings.MEDIA_ROOT))
    return {"storage": "local", "files": files}, notes


def _retention(folder: Path, keep: int) -> list[Path]:
    archives = sorted(p for p in folder.iterdir() if ARCHIVE_NAME.match(p.name))
    removed = archives[:-keep] if len(archives) > keep else []
    for path in removed:
        path.unlink()
    return removed
