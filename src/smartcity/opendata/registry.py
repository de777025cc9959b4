"""The catalogue of the platform's open datasets, and the dashboard's tiles.

Each domain app describes what it publishes in its own `datasets.py` (and, for the
public dashboard, `dashboard.py`); both modules are imported once at startup by
`OpendataConfig.ready`, so a dataset is listed, downloadable, in the DCAT-AP catalogue
and in the API as soon as its app is installed. The rows are read from the live data at
each request: nothing is copied or refreshed by hand.

Publishing a new dataset is a short job in the owning app, e.g. `transit/datasets.py`::

    from django.utils.translation import gettext_lazy as _

    from smartcity.opendata.registry import CC_BY_4, Column, Dataset, dataset_register
    from smartcity.transit import selectors

    dataset_register(
        Dataset(
            slug="transit-stops",
            title=_("Public transport stops"),
            description=_("Every trolleybus and bus stop with its position."),
            themes=("TRAN",),
            keywords=(_("public transport"), _("stops")),
            licence=CC_BY_4,
            frequency="WEEKLY",
            columns=(Column("stop_id", _("stop")), Column("name", _("name")),
                     Column("latitude", _("latitude"), "number"),
                     Column("longitude", _("longitude"), "number")),
            rows=selectors.stops_for_open_data,  # an iterator of dicts, streamed
            count=selectors.stops_count,
            located=True,
        )
    )

`rows()` must yield one dict per row with the columns' names as keys and read the
database in chunks (`QuerySet.iterator(chunk_size=…)`): downloads stream it, so a large
dataset never sits in memory. A dataset whose `rows` also takes keyword arguments
`offset` and `limit` says so with `paged=True`: the data page's preview and the API's
pages then read only the rows they show (the database skips the earlier ones), instead
of reading the dataset from its start and dropping what comes before the page.

A dataset never carries personal data: the owning app leaves out names, contacts and
free text, and rounds positions when they point to people.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

# The EU vocabulary of data themes (DCAT-AP's dcat:theme).
THEME_BASE = "http://publications.europa.eu/resource/authority/data-theme/"
THEMES: dict[str, Promise] = {
    "AGRI": _("Agriculture, fisheries, forestry and food"),
    "ECON": _("Economy and finance"),
    "EDUC": _("Education, culture and sport"),
    "ENER": _("Energy"),
    "ENVI": _("Environment"),
    "GOVE": _("Government and public sector"),
    "HEAL": _("Health"),
    "INTR": _("International issues"),
    "JUST": _("Justice, legal system and public safety"),
    "REGI": _("Regions and cities"),
    "SOCI": _("Population and society"),
    "TECH": _("Science and technology"),
    "TRAN": _("Transport"),
}
# The EU vocabulary of frequencies (dct:accrualPeriodicity).
FREQUENCY_BASE = "http://publications.europa.eu/resource/authority/frequency/"
FREQUENCIES: dict[str, Promise] = {
    "UPDATE_CONT": _("continuously updated"),
    "HOURLY": _("hourly"),
    "DAILY": _("daily"),
    "WEEKLY": _("weekly"),
    "MONTHLY": _("monthly"),
    "ANNUAL": _("annual"),
    "IRREG": _("irregular"),
}


@dataclass(frozen=True)
class Licence:
    code: str
    title: str
    uri: str


CC_BY_4 = Licence(
    "CC-BY-4.0",
    "Creative Commons Attribution 4.0 International",
    "http://creativecommons.org/licenses/by/4.0/",
)
ODBL = Licence(
    "ODbL-1.0",
    "Open Data Commons Open Database License 1.0",
    "http://opendatacommons.org/licenses/odbl/1-0/",
)


@dataclass(frozen=True)
class Column:
    name: str
    label: Promise | str
    type: str = "string"  # string, number, integer, datetime, boolean


FILE_TYPE_BASE = "http://publications.europa.eu/resource/authority/file-type/"


@dataclass(frozen=True)
class Distribution:
    """A file or feed the owning app serves itself at its own stable address (a GTFS
    zip, a GTFS-Realtime feed), offered beside the CSV/JSON/GeoJSON of the rows."""

    key: str  # unique within the dataset, for links and test ids
    title: Promise | str
    url_name: str  # reversed with no arguments
    media_type: str  # as served; an IANA media type when `iana` is true
    file_type: str  # the EU file-type code (dct:format), e.g. "ZIP"
    query: str = ""  # appended to the address, e.g. "format=json"
    conforms_to: str = ""  # the specification the file follows (dct:conformsTo)
    iana: bool = True  # false for types IANA has not registered (application/x-…)

    def path(self) -> str:
        from django.urls import reverse

        return reverse(self.url_name) + (f"?{self.query}" if self.query else "")


@dataclass(frozen=True)
class Dataset:
    """One published dataset: its DCAT-AP metadata and how to read its rows."""

    slug: str
    title: Promise | str
    description: Promise | str
    themes: tuple[str, ...]
    keywords: tuple[Promise | str, ...]
    licence: Licence
    frequency: str
    columns: tuple[Column, ...]
    rows: Callable[..., Iterable[dict[str, Any]]]
    count: Callable[[], int]
    # Rows hold "latitude" and "longitude" columns: GeoJSON is offered.
    located: bool = False
    # When the data last changed, and the time it covers (None when there is no data).
    modified: Callable[[], datetime.datetime | None] = field(default=lambda: None)
    temporal: Callable[[], tuple[datetime.datetime, datetime.datetime] | None] = field(
        default=lambda: None
    )
    issued: datetime.date = datetime.date(2026, 12, 1)
    app_label: str = ""
    # Files and feeds the app serves itself, beside the downloads of the rows.
    distributions: tuple[Distribution, ...] = ()
    # `rows(offset=…, limit=…)` reads only that slice, in the order of the full rows.
    paged: bool = False

    def __post_init__(self) -> None:
        unknown = [t for t in self.themes if t not in THEMES]
        if unknown:
            raise ValueError(f"dataset {self.slug}: unknown themes {unknown}")
        if self.frequency not in FREQUENCIES:
            raise ValueError(f"dataset {self.slug}: unknown frequency {self.frequency}")
        names = {c.name for c in self.columns}
        if self.located and not {"latitude", "longitude"} <= names:
            raise ValueError(f"dataset {self.slug}: a located dataset needs latitude, longitude")
        keys = [d.key for d in self.distributions]
        if len(keys) != len(set(keys)) or set(keys) & {"csv", "json", "geojson"}:
            raise ValueError(f"dataset {self.slug}: distribution keys must be unique")

    @property
    def formats(self) -> tuple[str, ...]:
        return ("csv", "json", "geojson") if self.located else ("csv", "json")

    @property
    def frequency_label(self) -> Promise:
        return FREQUENCIES[self.frequency]

    def theme_labels(self) -> list[tuple[str, Promise]]:
        return [(code, THEMES[code]) for code in self.themes]

    def page(self, offset: int, limit: int) -> list[dict[str, Any]]:
        """Rows offset … offset + limit − 1 of the full rows, in their order."""
        if self.paged:
            return list(self.rows(offset=offset, limit=limit))  # type: ignore[call-arg]
        return list(itertools.islice(self.rows(), offset, offset + limit))

    def preview(self, limit: int = 20) -> list[dict[str, Any]]:
        return self.page(0, limit)


_datasets: dict[str, Dataset] = {}


def dataset_register(dataset: Dataset) -> Dataset:
    """Add a dataset to the catalogue (once per slug; a second one is a mistake)."""
    if dataset.slug in _datasets and _datasets[dataset.slug] != dataset:
        raise ValueError(f"dataset {dataset.slug} is already registered")
    _datasets[dataset.slug] = dataset
    return dataset


def datasets(*, theme: str = "", text: str = "") -> list[Dataset]:
    """The catalogue in slug order (the same in every language), filtered by a theme
    code and by words of the title, description or keywords (in any language)."""
    found: Iterator[Dataset] = iter(_datasets.values())
    if theme:
        found = (d for d in found if theme in d.themes)
    words = text.strip().casefold().split()
    if words:
        found = (d for d in found if all(w in _searchable(d) for w in words))
    return sorted(found, key=lambda d: d.slug)


def _searchable(dataset: Dataset) -> str:
    """The dataset's words in every language, so a search in any of them finds it."""
    parts = [dataset.slug]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            parts += [str(dataset.title), str(dataset.description)]
            parts += [str(k) for k in dataset.keywords]
    return " ".join(parts).casefold()


def dataset_by_slug(slug: str) -> Dataset | None:
    return _datasets.get(slug)


def autodiscover() -> None:
    """Import every installed app's `datasets` and `dashboard` modules (they register)."""
    autodiscover_modules("datasets")
    autodiscover_modules("dashboard")
