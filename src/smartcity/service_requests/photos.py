"""Checking and preparing residents' photos before they are stored.

Every photo is decoded and re-encoded: that proves it is an image, bounds its size, turns
it upright and drops all metadata (EXIF GPS included), so a report never leaks where
the reporter lives.
"""

from __future__ import annotations

import io
import secrets
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel phone photo; more is a decompression bomb
MAX_SIDE = 1600
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def photo_prepare(upload) -> ContentFile:  # noqa: ANN001 - any file-like upload
    """A resized, metadata-free JPEG of the upload, or a ValidationError."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError({"photos": [_("A photo may be at most 10 MB.")]})
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError({"photos": [_("A photo may be at most 10 MB.")]})
    not_an_image = ValidationError(
        {"photos": [_("This file is not a photo we can read (JPEG, PNG, WebP or GIF).")]}
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise not_an_image
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError({"photos": [_("This photo has too many pixels.")]})
            image.load()
            image = ImageOps.exif_transpose(image)
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise not_an_image from exc
    image = image.convert("RGB")
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85, optimize=True)  # no exif= argument: no metadata
    return ContentFile(out.getvalue(), name=f"{secrets.token_hex(12)}.jpg")
