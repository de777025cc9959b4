"""Heavy documents: readers asking at once enqueue one draw; a draw is kept per version."""

from __future__ import annotations

import threading

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django_tasks_db.models import DBTaskResult

from smartcity.operations import documents
from smartcity.operations.documents import DocumentKind, document_wanted
from smartcity.operations.models import DrawnDocument

STATE = {"version": "v1"}
NOTE = DocumentKind(
    "test_note",
    version=lambda key: documents.fingerprint(key, STATE["version"]),
    draw=lambda key: f"%PDF note {key} {STATE['version']}".encode(),
)


@pytest.fixture
def note_kind(monkeypatch, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setitem(documents.KINDS, "test_note", "tests.operations.test_documents.NOTE")
    STATE["version"] = "v1"


def draws_queued() -> int:
    return DBTaskResult.objects.filter(task_path__endswith="document_draw").count()


def readers_at_once(count: int) -> list[DrawnDocument | None]:
    """What `count` readers, each on its own connection, get when they ask at one moment."""
    start = threading.Barrier(count)
    answers = []

    def reader() -> None:
        try:
            start.wait()
            answers.append(document_wanted(kind=NOTE, key="minutes"))
        finally:
            connection.close()

    readers = [threading.Thread(target=reader) for _ in range(count)]
    for thread in readers:
        thread.start()
    for thread in readers:
        thread.join(30)
    return answers


@pytest.mark.django_db(transaction=True)
def test_readers_asking_at_the_same_moment_enqueue_one_draw(note_kind):
    assert readers_at_once(8) == [None] * 8
    assert draws_queued() == 1
    assert DrawnDocument.objects.count() == 1


def test_a_draw_is_kept_until_the_data_changes(note_kind, db):
    assert document_wanted(kind=NOTE, key="minutes") is None
    document = DrawnDocument.objects.get()
    assert documents.document_draw(document_id=document.pk)
    assert not documents.document_draw(document_id=document.pk)  # a repeated task: nothing
    kept = document_wanted(kind=NOTE, key="minutes")
    assert kept is not None
    assert default_storage.open(kept.file).read() == b"%PDF note minutes v1"
    STATE["version"] = "v2"
    assert document_wanted(kind=NOTE, key="minutes") is None
    assert documents.document_draw(document_id=document.pk)
    fresh = document_wanted(kind=NOTE, key="minutes")
    assert default_storage.open(fresh.file).read() == b"%PDF note minutes v2"
    assert not default_storage.exists(kept.file)


@pytest.mark.django_db(transaction=True)
def test_readers_asking_at_once_for_a_document_whose_data_changed_enqueue_one_draw(note_kind):
    # The row exists already, so nothing but the row lock makes the readers take turns
    # (for a new row, the unique index alone would).
    DrawnDocument.objects.create(kind="test_note", key="minutes", wanted_version="old")
    assert readers_at_once(8) == [None] * 8
    assert draws_queued() == 1
