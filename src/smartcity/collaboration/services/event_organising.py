"""Writes of an event's organisers: announcing and changing it, and what it left behind
(minutes and documents)."""

from __future__ import annotations

import datetime
import io
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from smartcity.collaboration import access
from smartcity.collaboration.models import Event, EventDocument, Registration
from smartcity.collaboration.services.events import waiting_list_promote

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
ZIP = b"PK\x03\x04"
# Extension → (content type served, how the file must begin). Office files are ZIP
# containers; the container is also opened to be sure it is one.
DOCUMENT_TYPES: dict[str, tuple[str, bytes]] = {
    "pdf": ("application/pdf", b"%PDF-"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ZIP),
    "odt": ("application/vnd.oasis.opendocument.text", ZIP),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", ZIP),
    "odp": ("application/vnd.oasis.opendocument.presentation", ZIP),
    "png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    "jpg": ("image/jpeg", b"\xff\xd8\xff"),
    "jpeg": ("image/jpeg", b"\xff\xd8\xff"),
}


@dataclass
class EventDetails:
    """What the organiser announces; checked whole by `event_details_validate`."""

    title: str
    kind: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    description: str = ""
    agenda: str = ""
    place: str = ""
    online_url: str = ""
    capacity: int | None = None


def may_change(event: Event, user) -> bool:  # noqa: ANN001
    """The event's organiser and the Mayor's office (administrators included)."""
    return access.is_mayors_office(user) or event.organiser_id == getattr(user, "pk", None)


def _check_may_change(event: Event, by) -> None:  # noqa: ANN001
    if not may_change(event, by):
        raise PermissionDenied(_("Only the organiser and the Mayor's office change an event."))


def event_details_validate(details: EventDetails) -> None:
    """Raise a ValidationError naming every wrong part, in the user's language."""
    errors: dict[str, list[str]] = {}
    if not details.title.strip():
        errors["title"] = [_("Give the event a title.")]
    if details.kind not in Event.Kind.values:
        errors["kind"] = [_("Choose the kind of event.")]
    if details.ends_at < details.starts_at:
        errors["ends_at"] = [_("The event ends before it starts.")]
    if not details.place.strip() and not details.online_url.strip():
        errors["place"] = [_("Give the place or the online link.")]
    if details.capacity is not None and details.capacity < 1:
        errors["capacity"] = [_("The capacity is at least 1 seat, or empty for no limit.")]
    if errors:
        raise ValidationError(errors)


def _apply(event: Event, details: EventDetails) -> None:
    event.title = details.title.strip()[:200]
    event.kind = details.kind
    event.starts_at = details.starts_at
    event.ends_at = details.ends_at
    event.description = details.description.strip()
    event.agenda = details.agenda.strip()
    event.place = details.place.strip()[:250]
    event.online_url = details.online_url.strip()
    event.capacity = details.capacity


def event_create(*, by, details: EventDetails) -> Event:  # noqa: ANN001
    """Announce an event; its author becomes its organiser."""
    if not access.may_organise_events(by):
        raise PermissionDenied(
            _("Only the Mayor's office, city staff and partners organise events.")
        )
    event_details_validate(details)
    event = Event(organiser=by)
    _apply(event, details)
    event.full_clean()
    with transaction.atomic():
        event.save()
    return event


def event_update(*, event: Event, by, details: EventDetails) -> list[Registration]:  # noqa: ANN001
    """Change an event. The capacity never drops below the seats already given; seats it
    adds go to the waiting list in order, whose people are returned (and emailed)."""
    _check_may_change(event, by)
    event_details_validate(details)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        taken = locked.registrations.filter(status=Registration.Status.CONFIRMED).count()
        if details.capacity is not None and details.capacity < taken:
            raise ValidationError(
                {
                    "capacity": [
                        _("%(taken)s people already hold a seat; the capacity cannot be less.")
                        % {"taken": taken}
                    ]
                }
            )
        _apply(locked, details)
        locked.full_clean()
        locked.save()
        seats = None if locked.capacity is None else locked.capacity - taken
        return waiting_list_promote(event_id=locked.pk, seats=seats) if seats != 0 else []


def _check_has_begun(event: Event) -> None:
    if event.starts_at > timezone.now():
        raise ValidationError(_("Minutes and documents are added once the event has begun."))


def event_minutes_save(*, event: Event, by, minutes: str) -> Event:  # noqa: ANN001
    """Keep the minutes of an event that has begun (the organiser or the Mayor's office)."""
    _check_may_change(event, by)
    _check_has_begun(event)
    with transaction.atomic():
        Event.objects.filter(pk=event.pk).update(minutes=minutes.strip()[:20000])
    event.minutes = minutes.strip()[:20000]
    return event


def _document_check(upload) -> tuple[str, str, bytes]:  # noqa: ANN001 - an uploaded file
    """The upload's extension, content type and bytes, or a ValidationError."""
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    if extension not in DOCUMENT_TYPES:
        raise ValidationError(
            {
                "file": [
                    _(
                        "This kind of file is not accepted; send PDF, DOCX, XLSX, PPTX, "
                        "ODT, ODS, ODP, PNG or JPEG."
                    )
                ]
            }
        )
    if (upload.size or 0) > MAX_DOCUMENT_BYTES:
        raise ValidationError({"file": [_("A document may be at most 10 MB.")]})
    data = upload.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValidationError({"file": [_("A document may be at most 10 MB.")]})
    if not data:
        raise ValidationError({"file": [_("The file is empty.")]})
    content_type, magic = DOCUMENT_TYPES[extension]
    if not data.startswith(magic) or (magic == ZIP and not _is_zip(data)):
        raise ValidationError(
            {
                "file": [
                    _("The file's content does not match its name (.%(ext)s).") % {"ext": extension}
                ]
            }
        )
    return extension, content_type, data


def _is_zip(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return bool(archive.namelist())
    except zipfile.BadZipFile:
        return False


def event_document_add(*, event: Event, by, title: str, upload) -> EventDocument:  # noqa: ANN001
    """Keep a document of an event that has begun, after checking its type (by name and
    by content) and its size; stored under the media folder with a name nobody guesses."""
    _check_may_change(event, by)
    _check_has_begun(event)
    extension, content_type, data = _document_check(upload)
    original = PurePath(upload.name).name[:200]
    title = title.strip() or PurePath(original).stem
    stem = get_valid_filename(PurePath(original).stem)[:60] or "document"
    document = EventDocument(
        event=event,
        title=title[:200],
        original_name=original,
        content_type=content_type,
        size=len(data),
        uploaded_by=by,
    )
    with transaction.atomic():
        document.file.save(
            f"{secrets.token_hex(8)}-{stem}.{extension}", ContentFile(data), save=False
        )
        document.save()
    return document


def event_document_remove(*, document: EventDocument, by) -> None:  # noqa: ANN001
    """Remove a document and its file (the organiser or the Mayor's office)."""
    _check_may_change(document.event, by)
    with transaction.atomic():
        document.delete()
        transaction.on_commit(lambda: document.file.delete(save=False))
