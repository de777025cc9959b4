"""`smartcity restore`: an archive of `smartcity backup` put back, then checked.

Order matters: the archive is checked whole (manifest, every file's sha256) before the
database is touched, the database is restored in one transaction, and only then are the
media files moved into place; at the end every table's row count and every media file's
sha256 are compared with the manifest. Done with the platform's processes stopped.
"""

from __future__ import annotations

import hashlib
import json
import os
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections

from smartcity.operations import databases
from smartcity.operations.backup import CHUNK, FORMAT, MANIFEST, media_files, sha256_file
from smartcity.operations.databases import BackupError


@dataclass(frozen=True)
class RestoreResult:
    tables: int
    rows: int
    media_files: int
    notes: list[str]


def _manifest(archive: tarfile.TarFile, path: Path) -> dict:
    try:
        member = archive.getmember(MANIFEST)
    except KeyError:
        raise BackupError(f"{path} has no {MANIFEST}: not a whole smartcity backup") from None
    manifest = json.load(archive.extractfile(member))  # type: ignore[arg-type]
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is in backup format {manifest.get('format')}, not {FORMAT}")
    return manifest


def _safe(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"the archive holds a file outside its folders: {name}")
    return path


def _extract(archive: tarfile.TarFile, manifest: dict, work: Path) -> None:
    """Every member written under `work`, each checked against the manifest on the way."""
    expected = {f"media/{f['path']}": f for f in manifest["media"]["files"]}
    database = manifest["database"]
    expected[database["file"]] = database
    for member in archive.getmembers():
        if member.name == MANIFEST:
            continue
        want = expected.pop(member.name, None)
        if want is None or not member.isfile():
            raise BackupError(f"the archive holds {member.name}, which its manifest does not list")
        target = work / _safe(member.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        source = archive.extractfile(member)
        assert source is not None
        with target.open("wb") as out:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
        if digest.hexdigest() != want["sha256"] or member.size != want["size"]:
            raise BackupError(
                f"{member.name} in the archive is not the file that was backed up "
                "(its sha256 differs from the manifest's): the archive is damaged"
            )
    if expected:
        raise BackupError(f"the archive lacks {', '.join(sorted(expected))}")


def _existing_tables(vendor: str) -> list[str]:
    return databases.postgres_tables() if vendor == "postgresql" else databases.sqlite_tables()


def _refuse_unless_empty(vendor: str, force: bool) -> None:
    tables = _existing_tables(vendor)
    if tables and not force:
        raise BackupError(
            f"the database {databases.database_name()} is not empty ({len(tables)} tables,"
            f" e.g. {tables[0]}): restoring replaces what it holds. Stop the platform and run"
            " again with --force, or restore into a new, empty database"
        )


def _media_move(work: Path, root: Path) -> None:
    """The archive's media files into the media root, each by a rename (same filesystem:
    the work folder is beside the root), replacing a file of the same name."""
    for relative in media_files(work):
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(work / relative, target)


def _verify(vendor: str, manifest: dict, root: Path | None) -> list[str]:
    """The differences between what is now in place and what the manifest lists."""
    state = databases.postgres_state() if vendor == "postgresql" else databases.sqlite_state()
    problems = [
        f"table {table}: {state.tables.get(table, 'missing')} rows, the backup had {count}"
        for table, count in manifest["tables"].items()
        if state.tables.get(table) != count
    ]
    if state.migrations != manifest["migrations"]:
        problems.append("the applied migrations differ from the backup's")
    for file in manifest["media"]["files"] if root else []:
        path = root / file["path"]  # type: ignore[operator]
        if not path.is_file() or sha256_file(path) != file["sha256"]:
            problems.append(f"media/{file['path']} is missing or differs from the backup")
    return problems


def restore_run(*, archive_path: Path, force: bool = False) -> RestoreResult:
    """Restore the database and the media files of `archive_path` and verify them.

    Refuses (BackupError, nothing changed) a database that already has tables unless
    `force`, an archive of the other database kind, an archive without a manifest or with
    a file whose sha256 differs from it. After restoring, raises BackupError listing every
    table count or media file that does not equal the manifest."""
    vendor = databases.database_vendor()
    storage = settings.ENV.media
    if not archive_path.is_file():
        raise BackupError(f"{archive_path} does not exist")
    try:
        archive = tarfile.open(archive_path, "r:")
    except tarfile.TarError as error:
        raise BackupError(f"{archive_path} is not a tar archive: {error}") from error
    with archive:
        manifest = _manifest(archive, archive_path)
        if manifest["database"]["vendor"] != vendor:
            raise BackupError(
                f"the archive holds a {manifest['database']['vendor']} database;"
                f" this installation runs on {vendor}"
            )
        if manifest["media"]["files"] and storage.backend == "s3":
            raise BackupError(
                "the archive holds local media files but SMARTCITY_MEDIA_STORAGE is s3:"
                " restore with local storage, then copy the media root into the bucket"
            )
        connections.close_all()  # the platform's own connection must not hold locks
        _refuse_unless_empty(vendor, force)
        root = Path(settings.MEDIA_ROOT)
        root.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=root.parent, prefix=".smartcity-restore-") as work:
            _extract(archive, manifest, Path(work))
            dump = Path(work) / manifest["database"]["file"]
            if vendor == "postgresql":
                databases.postgres_restore(dump)
            else:
                databases.sqlite_restore(dump)
            dump.unlink()
            if storage.backend == "local":
                root.mkdir(exist_ok=True)
                _media_move(Path(work) / "media", root)
    notes = [] if storage.backend == "local" else [_s3_note(manifest)]
    problems = _verify(vendor, manifest, root if storage.backend == "local" else None)
    if problems:
        raise BackupError("the restored data differ from the backup:\n  " + "\n  ".join(problems))
    return RestoreResult(
        tables=len(manifest["tables"]),
        rows=sum(manifest["tables"].values()),
        media_files=len(manifest["media"]["files"]),
        notes=notes,
    )


def _s3_note(manifest: dict) -> str:
    bucket = manifest["media"].get("bucket") or settings.ENV.media.s3_bucket
    return f"media stay in the S3 bucket {bucket}: restore them there with the provider's tools"
