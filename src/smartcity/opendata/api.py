"""The catalogue's JSON API: datasets, their metadata and their rows, page by page."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from smartcity.config.api_errors import error_responses
from smartcity.config.site import absolute_url
from smartcity.opendata import registry
from smartcity.opendata.exports import MEDIA_TYPES, record

router = Router(tags=["open data"])

MAX_PAGE_SIZE = 1000
# Pages past the data are answered empty, but the offset they make must stay a 64-bit
# integer: past it SQLite and PostgreSQL refuse the OFFSET and `islice` refuses the
# slice, which answered 500. A billion pages of a thousand rows reach far beyond any
# dataset here and keep the offset near 10^12.
MAX_PAGE = 1_000_000_000


class ListQuery(Schema):
    theme: str = Field("", description="an EU data theme code, e.g. ENVI")
    q: str = Field("", max_length=200, description="words of the title or keywords")
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(20, ge=1, le=100)


class RowsQuery(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(100, ge=1, le=MAX_PAGE_SIZE)


class LicenceOut(Schema):
    code: str
    title: str
    uri: str


class ColumnOut(Schema):
    name: str
    label: str
    type: str


class DistributionOut(Schema):
    format: str
    media_type: str
    url: str


class DatasetOut(Schema):
    slug: str
    title: str
    description: str
    themes: list[str]
    keywords: list[str]
    licence: LicenceOut
    frequency: str
    located: bool
    url: str
    distributions: list[DistributionOut]


class DatasetDetailOut(DatasetOut):
    columns: list[ColumnOut]
    rows: int
    modified: datetime.datetime | None
    temporal_start: datetime.datetime | None
    temporal_end: datetime.datetime | None


class DatasetPageOut(Schema):
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None
    results: list[DatasetOut]


class RowsPageOut(Schema):
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None
    results: list[dict[str, Any]]


def _summary(dataset: registry.Dataset) -> dict:
    return {
        "slug": dataset.slug,
        "title": str(dataset.title),
        "description": str(dataset.description),
        "themes": [registry.THEME_BASE + code for code in dataset.themes],
        "keywords": [str(k) for k in dataset.keywords],
        "licence": {
            "code": dataset.licence.code,
            "title": dataset.licence.title,
            "uri": dataset.licence.uri,
        },
        "frequency": registry.FREQUENCY_BASE + dataset.frequency,
        "located": dataset.located,
        "url": absolute_url(reverse("opendata:dataset", args=[dataset.slug])),
        "distributions": [
            {
                "format": fmt,
                "media_type": MEDIA_TYPES[fmt],
                "url": absolute_url(reverse("opendata:download", args=[dataset.slug, fmt])),
            }
            for fmt in dataset.formats
        ]
        + [
            {"format": d.key, "media_type": d.media_type, "url": absolute_url(d.path())}
            for d in dataset.distributions
        ],
    }


def _page_links(request: HttpRequest, page: int, size: int, count: int) -> tuple:
    def link(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        query["page_size"] = str(size)
        return absolute_url(f"{request.path}?{query.urlencode()}")

    following = link(page + 1) if page * size < count else None
    previous = link(page - 1) if page > 1 else None
    return following, previous


def _dataset_or_404(slug: str) -> registry.Dataset:
    dataset = registry.dataset_by_slug(slug)
    if dataset is None:
        raise HttpError(404, _("No such dataset."))
    return dataset


@router.get(
    "/datasets",
    response={200: DatasetPageOut, **error_responses(400)},
    summary="The catalogue's datasets",
)
def dataset_list(request: HttpRequest, query: Query[ListQuery]) -> dict:
    """Datasets by title, filtered by theme code and words, a page at a time."""
    if query.theme and query.theme not in registry.THEMES:
        raise HttpError(400, _("Unknown theme; one of: %s") % ", ".join(registry.THEMES))
    found = registry.datasets(theme=query.theme, text=query.q)
    first = (query.page - 1) * query.page_size
    following, previous = _page_links(request, query.page, query.page_size, len(found))
    return {
        "count": len(found),
        "page": query.page,
        "page_size": query.page_size,
        "next": following,
        "previous": previous,
        "results": [_summary(d) for d in found[first : first + query.page_size]],
    }


@router.get(
    "/datasets/{slug}",
    response={200: DatasetDetailOut, **error_responses(400, 404)},
    summary="One dataset's metadata",
)
def dataset_detail(request: HttpRequest, slug: str) -> dict:
    dataset = _dataset_or_404(slug)
    period = dataset.temporal()
    return {
        **_summary(dataset),
        "columns": [
            {"name": c.name, "label": str(c.label), "type": c.type} for c in dataset.columns
        ],
        "rows": dataset.count(),
        "modified": dataset.modified(),
        "temporal_start": period[0] if period else None,
        "temporal_end": period[1] if period else None,
    }


@router.get(
    "/datasets/{slug}/rows",
    response={200: RowsPageOut, **error_responses(400, 404)},
    summary="A dataset's rows, paged",
)
def dataset_rows(request: HttpRequest, slug: str, query: Query[RowsQuery]) -> dict:
    """The rows in the order of the downloads; `count` is the number of all rows."""
    dataset = _dataset_or_404(slug)
    count = dataset.count()
    first = (query.page - 1) * query.page_size
    rows = dataset.page(first, query.page_size)
    following, previous = _page_links(request, query.page, query.page_size, count)
    return {
        "count": count,
        "page": query.page,
        "page_size": query.page_size,
        "next": following,
        "previous": previous,
        "results": [record(dataset, row) for row in rows],
    }
