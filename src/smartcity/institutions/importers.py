"""`smartcity import kindergarten-places <file.csv>` (see csvimport)."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from smartcity.imports import ImportRefusedError, register
from smartcity.institutions.csvimport import ImportRejectedError, places_import_csv


@register("kindergarten-places", help=_("kindergarten places per district and period (CSV)"))
def kindergarten_places_import(path: str) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ImportRefusedError([f"{path}: {error}"]) from error
    try:
        saved = places_import_csv(text)
    except ImportRejectedError as rejected:
        raise ImportRefusedError(list(rejected.messages)) from None
    return f"{len(saved)} district-period row(s) of kindergarten places imported."
