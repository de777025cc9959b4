"""Kindergarten places from a CSV file: every row is checked first, every problem is
reported with its row in the user's language, and only a file without problems is
saved, in one transaction.

Columns (a header row, comma or semicolon separated, UTF-8): district, period, capacity,
enrolled, waiting_list, free_places (optional: capacity − enrolled), source,
published_on ("2026-09-01" or "01.09.2026"). `district` is the district's slug or its
name in any language.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from smartcity.city.models import District
from smartcity.city.text import text_fold
from smartcity.imports.tables import ImportRejectedError, RowError, csv_rows, rows_checked
from smartcity.institutions import services
from smartcity.institutions.models import KindergartenPlaces

REQUIRED = ("district", "period", "capacity", "enrolled", "waiting_list", "source", "published_on")
MAX_ROWS = 2000


def _count(row: dict, column: str, *, required: bool = True) -> int | None:
    text = row.get(column, "").strip().replace(" ", "")
    if not text:
        if required:
            raise RowError(_("“%(column)s” is missing.") % {"column": column})
        return None
    if not text.isdigit() or len(text) > 7:
        raise RowError(_("“%(column)s” must be a whole number.") % {"column": column})
    return int(text)


def _date(row: dict, column: str) -> datetime.date:
    text = row.get(column, "").strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise RowError(_("“%(column)s” must be a date like 2026-09-01.") % {"column": column})


def _districts() -> dict[str, District]:
    found: dict[str, District] = {}
    for district in District.objects.all():
        found[district.slug] = district
        for code in ("ro", "ru", "en"):
            name = getattr(district, f"name_{code}", "") or ""
            if name:
                found[text_fold(name).strip()] = district
    return found


def _row_entry(row: dict, districts: dict[str, District]) -> services.PlacesEntry:
    missing = [c for c in REQUIRED if not row.get(c, "").strip()]
    if missing:
        raise RowError(_("Missing: %(columns)s.") % {"columns": ", ".join(missing)})
    district = districts.get(row["district"].strip()) or districts.get(
        text_fold(row["district"]).strip()
    )
    if district is None:
        raise RowError(_("Unknown district “%(value)s”.") % {"value": row["district"][:60]})
    capacity, enrolled = _count(row, "capacity"), _count(row, "enrolled")
    waiting = _count(row, "waiting_list")
    assert capacity is not None and enrolled is not None and waiting is not None
    return services.PlacesEntry(
        district=district,
        period=row["period"].strip()[:20],
        capacity=capacity,
        enrolled=enrolled,
        waiting_list=waiting,
        free_places=_count(row, "free_places", required=False),
        source=row["source"].strip()[:200],
        published_on=_date(row, "published_on"),
    )


def _rows(text: str) -> list[dict[str, str]]:
    return csv_rows(text, required=REQUIRED, max_rows=MAX_ROWS)


def places_read(text: str) -> list[services.PlacesEntry]:
    """Every row as a checked entry; raise ImportRejectedError with every problem (by
    row, the header being row 1) when there is any."""
    rows = _rows(text)
    if not rows:
        raise ImportRejectedError([_("The file has no rows.")])
    districts = _districts()
    seen: set[tuple[int, str]] = set()

    def entry_of(row: dict[str, str]) -> services.PlacesEntry:
        entry = _row_entry(row, districts)
        key = (entry.district.pk, entry.period)
        if key in seen:
            raise RowError(_("This district and period are already in the file."))
        seen.add(key)
        services.places_validate(entry)
        return entry

    return rows_checked(rows, entry_of)


def places_import_csv(text: str, *, by=None) -> list[KindergartenPlaces]:  # noqa: ANN001
    """Check the whole file, then save all its rows in one transaction (or none)."""
    return services.places_save(entries=places_read(text), by=by)
