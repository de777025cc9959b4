"""`smartcity import outages <file.csv>`: the providers' outage lists (see csvimport)."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from smartcity.housing.csvimport import ImportRejectedError, outages_import_csv
from smartcity.imports import ImportRefusedError, register


@register("outages", help=_("planned and emergency outages of water, heat, electricity (CSV)"))
def outages_import(path: str) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ImportRefusedError([f"{path}: {error}"]) from error
    try:
        saved = outages_import_csv(text)
    except ImportRejectedError as rejected:
        raise ImportRefusedError(list(rejected.messages)) from None
    count = len(saved)
    return ngettext("%(count)d outage imported.", "%(count)d outages imported.", count) % {
        "count": count
    }
