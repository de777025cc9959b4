"""Outages from a CSV file: every row is checked first, every problem is reported with
its row, and only a file without problems is saved, in one transaction.

Columns (a header row, comma or semicolon separated, UTF-8):
utility, kind, provider, street, number_from, number_to, buildings, starts_at,
expected_end_at, ended_at, reason. Times are the city's local time, "2026-12-08 09:00";
`buildings` lists addresses separated by ";" inside the cell ("str. Decebal 12; …").
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from smartcity.city.text import text_fold
from smartcity.housing import selectors, services
from smartcity.housing.models import ApartmentBlock, Outage, Utility, UtilityProvider
from smartcity.imports.tables import ImportRejectedError, RowError, csv_rows, rows_checked

COLUMNS = (
    "utility",
    "kind",
    "provider",
    "street",
    "number_from",
    "number_to",
    "buildings",
    "starts_at",
    "expected_end_at",
    "ended_at",
    "reason",
)
REQUIRED = ("utility", "kind", "provider", "starts_at", "expected_end_at", "reason")
MAX_ROWS = 5000
# The services and kinds also by their Romanian names, as the providers write them.
UTILITY_WORDS = {
    "apa": Utility.WATER,
    "canalizare": Utility.SEWAGE,
    "incalzire": Utility.HEATING,
    "termoficare": Utility.HEATING,
    "energie electrica": Utility.ELECTRICITY,
    "electricitate": Utility.ELECTRICITY,
} | {u.value: u.value for u in Utility}
KIND_WORDS = {
    "planificata": Outage.Kind.PLANNED,
    "programata": Outage.Kind.PLANNED,
    "avarie": Outage.Kind.EMERGENCY,
    "avariata": Outage.Kind.EMERGENCY,
} | {k.value: k.value for k in Outage.Kind}


def _moment(row: dict, column: str, *, required: bool) -> datetime.datetime | None:
    text = row.get(column, "").strip()
    if not text:
        if required:
            raise RowError(_("“%(column)s” is missing.") % {"column": column})
        return None
    for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"):
        try:
            moment = datetime.datetime.strptime(text, pattern)
        except ValueError:
            continue
        return timezone.make_aware(moment)
    raise RowError(
        _("“%(column)s” must be a date and time like 2026-12-08 09:00.") % {"column": column}
    )


def _number(row: dict, column: str) -> int | None:
    text = row.get(column, "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 6:
        raise RowError(_("“%(column)s” must be a house number.") % {"column": column})
    return int(text)


def blocks_by_addresses(text: str) -> list[ApartmentBlock]:
    found = []
    for address in (a.strip() for a in text.split(";")):
        if not address:
            continue
        street, _space, number = address.rpartition(" ")
        block = ApartmentBlock.objects.filter(
            street_key=selectors.street_key(street), number=number
        ).first()
        if block is None:
            raise RowError(_("No building “%(address)s” is registered.") % {"address": address})
        found.append(block)
    return found


def _row_entry(row: dict, providers: dict[str, UtilityProvider]) -> services.OutageEntry:
    missing = [c for c in REQUIRED if not row.get(c, "").strip()]
    if missing:
        raise RowError(_("Missing: %(columns)s.") % {"columns": ", ".join(missing)})
    utility = UTILITY_WORDS.get(text_fold(row["utility"]).strip())
    if utility is None:
        raise RowError(_("Unknown service “%(value)s”.") % {"value": row["utility"][:50]})
    kind = KIND_WORDS.get(text_fold(row["kind"]).strip())
    if kind is None:
        raise RowError(_("Unknown kind “%(value)s”.") % {"value": row["kind"][:50]})
    provider = providers.get(text_fold(row["provider"]).strip())
    if provider is None:
        raise RowError(_("Unknown provider “%(value)s”.") % {"value": row["provider"][:80]})
    starts_at = _moment(row, "starts_at", required=True)
    expected = _moment(row, "expected_end_at", required=True)
    assert starts_at is not None and expected is not None  # required above
    return services.OutageEntry(
        utility=utility,
        kind=kind,
        provider=provider,
        street=row.get("street", "").strip()[:120],
        number_from=_number(row, "number_from"),
        number_to=_number(row, "number_to"),
        blocks=blocks_by_addresses(row.get("buildings", "")),
        starts_at=starts_at,
        expected_end_at=expected,
        ended_at=_moment(row, "ended_at", required=False),
        reason=row["reason"].strip()[:500],
    )


def _rows(text: str) -> list[dict[str, str]]:
    return csv_rows(text, required=REQUIRED, max_rows=MAX_ROWS)


def outages_read(
    text: str, *, may_enter: Callable[[UtilityProvider], bool] = lambda p: True
) -> list[services.OutageEntry]:
    """Every row of the file as a checked entry; raise ImportRejectedError with every
    problem (by row, the header being row 1) when there is any."""
    rows = _rows(text)
    if not rows:
        raise ImportRejectedError([_("The file has no outages.")])
    providers = {text_fold(p.name): p for p in UtilityProvider.objects.all()}

    def entry_of(row: dict[str, str]) -> services.OutageEntry:
        entry = _row_entry(row, providers)
        if not may_enter(entry.provider):
            raise RowError(
                _("You may not enter outages of %(provider)s.") % {"provider": entry.provider.name}
            )
        services.outage_validate(entry)
        return entry

    return rows_checked(rows, entry_of)


def outages_import_csv(
    text: str,
    *,
    entered_by=None,  # noqa: ANN001
    may_enter: Callable[[UtilityProvider], bool] = lambda p: True,
) -> list[Outage]:
    """Check the whole file, then save all its outages in one transaction (or none)."""
    return services.outages_import(
        entries=outages_read(text, may_enter=may_enter), entered_by=entered_by
    )
