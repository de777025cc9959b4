"""Heavy documents drawn by the worker and kept, not drawn inside the request.

A yearly report as PDF can take many seconds (22 s for a plan of 4,000 actions): drawn in
the request, a few anonymous readers could hold every web process. Instead a request asks
for the document; if the kept file was drawn from the data as it is now, it is served, else
one draw is enqueued (however many ask) and the reader gets a page that refreshes itself.

Each kind of document says how to fingerprint its data (`version`) and how to draw it
(`draw`), both from a key (a plan's code, year and language, for instance).
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import slugify

from smartcity.operations.models import DrawnDocument

# A draw asked for and still not done after this long (its task failed or was lost) is
# asked for again by the next reader.
REDRAW_AFTER = datetime.timedelta(minutes=10)

# Every kind of document, by name: where its DocumentKind lives (imported when needed, so
# a web process that serves none does not import WeasyPrint's callers).
KINDS = {
    "strategy_report": "smartcity.strategy.report.REPORT",
    "skills_report": "smartcity.skills.report.REPORT",
}


@dataclass(frozen=True)
class DocumentKind:
    name: str
    version: Callable[[str], str]  # key -> fingerprint of the data the document shows
    draw: Callable[[str], bytes]  # key -> the document's bytes


def fingerprint(*parts: object) -> str:
    """A version string from whatever identifies the state of the data."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def kind_of(name: str) -> DocumentKind:
    return import_string(KINDS[name])


def document_wanted(*, kind: DocumentKind, key: str) -> DrawnDocument | None:
    """The kept document of `kind` and `key` if it shows the data as it is now; else None,
    after making sure that one draw is enqueued for the data's current version (a second
    reader asking meanwhile finds it asked for and enqueues nothing)."""
    version = kind.version(key)
    now = timezone.now()
    with transaction.atomic():
        # The row lock makes the readers who ask at once take turns: one enqueues.
        document, _created = DrawnDocument.objects.select_for_update().get_or_create(
            kind=kind.name, key=key
        )
        if document.file and document.version == version:
            return document
        asked_at = document.requested_at if document.wanted_version == version else None
        if asked_at is not None and now - asked_at < REDRAW_AFTER:
            return None
        document.wanted_version = version
        document.requested_at = now
        document.save(update_fields=["wanted_version", "requested_at"])
        document_id = document.pk
        transaction.on_commit(lambda: _draw_enqueue(document_id))
    return None


def _draw_enqueue(document_id: int) -> None:
    from smartcity.operations import tasks

    tasks.document_draw.enqueue(document_id)


def document_draw(*, document_id: int) -> bool:
    """Draw the document for its data as it is now and keep it, replacing the file kept
    before; nothing when the kept one is already current (a repeated task). Returns
    whether a file was drawn."""
    document = DrawnDocument.objects.filter(pk=document_id).first()
    if document is None:
        return False
    kind = kind_of(document.kind)
    # The version is read before drawing: a change made while drawing gives a newer
    # version than the one kept, so the next reader asks for another draw.
    version = kind.version(document.key)
    if document.file and document.version == version:
        return False
    body = kind.draw(document.key)
    name = default_storage.save(
        f"documents/{kind.name}/{slugify(document.key)}-{version[:12]}.pdf", ContentFile(body)
    )
    previous = document.file
    DrawnDocument.objects.filter(pk=document.pk).update(
        file=name, version=version, drawn_at=timezone.now()
    )
    if previous and previous != name:
        default_storage.delete(previous)
    return True
