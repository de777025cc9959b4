"""Checking residents' attachments before anything is stored: size, count and type.

The type is read from the file's first bytes, not from its name or the browser's word:
PDF, JPEG and PNG only, what a scanned document or a phone photo of one is.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)


@dataclass(frozen=True)
class CheckedAttachment:
    name: str
    content_type: str
    stored_name: str
    data: bytes


def attachment_check(upload) -> CheckedAttachment:  # noqa: ANN001 - any file-like upload
    """The upload's bytes with their type, or a ValidationError in the user's language."""
    name = str(getattr(upload, "name", "") or "document")[-200:]
    size = getattr(upload, "size", None)
    too_big = ValidationError(
        {"attachments": [_("“%(name)s” is larger than 10 MB.") % {"name": name}]}
    )
    if size is not None and size > MAX_ATTACHMENT_BYTES:
        raise too_big
    data = upload.read(MAX_ATTACHMENT_BYTES + 1)
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise too_big
    for signature, content_type, extension in SIGNATURES:
        if data.startswith(signature):
            stored = f"{secrets.token_hex(12)}.{extension}"
            return CheckedAttachment(name, content_type, stored, data)
    raise ValidationError(
        {"attachments": [_("“%(name)s” is not a PDF, JPEG or PNG file.") % {"name": name}]}
    )


def attachments_check(uploads: list) -> list[CheckedAttachment]:
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": [_("At most 5 files can be attached.")]})
    return [attachment_check(upload) for upload in uploads]
