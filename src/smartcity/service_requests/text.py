"""Cleaning of free text typed by residents and integrators.

Text is stored as typed and escaped when shown; only what no page or database can hold
(NUL and other control characters, which PostgreSQL refuses) is removed here.
"""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    """NFC-normalised text without control characters, trimmed."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", value)).strip()
