"""Folding of text typed by people in Bălți, for matching and learning.

Romanian is typed with or without diacritics (and with the old cedilla letters ş ţ),
Russian with or without ё: folded text has lowercase letters, no Latin diacritics, е for
ё, single spaces. The Cyrillic breve of й stays (и and й are different letters).
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def text_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    kept: list[str] = []
    for char in decomposed:
        if unicodedata.combining(char) and not (kept and "\u0400" <= kept[-1] <= "\u04ff"):
            continue
        kept.append(char)
    folded = unicodedata.normalize("NFC", "".join(kept)).replace("ё", "е")
    return _SPACES.sub(" ", folded).strip()
