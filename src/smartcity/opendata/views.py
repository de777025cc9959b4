"""Pages of the open data portal and the city dashboard; downloads and the DCAT-AP files."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from smartcity.opendata import registry, tiles
from smartcity.opendata.exports import STREAMS, record

PREVIEW_ROWS = 20


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    theme = request.GET.get("theme", "")
    if theme not in registry.THEMES:
        theme = ""
    text = request.GET.get("q", "")[:200]
    found = registry.datasets(theme=theme, text=text)
    used = sorted({code for d in registry.datasets() for code in d.themes})
    return render(
        request,
        "opendata/catalogue.html",
        {
            "datasets": found,
            "themes": [(code, registry.THEMES[code]) for code in used],
            "theme": theme,
            "text": text,
        },
    )


def _dataset_or_404(slug: str) -> registry.Dataset:
    dataset = registry.dataset_by_slug(slug)
    if dataset is None:
        raise Http404(_("No such dataset."))
    return dataset


@require_GET
def dataset_page(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = _dataset_or_404(slug)
    preview = [record(dataset, row) for row in dataset.preview(PREVIEW_ROWS)]
    return render(
        request,
        "opendata/dataset.html",
        {
            "dataset": dataset,
            "rows": [[row[c.name] for c in dataset.columns] for row in preview],
            "count": dataset.count(),
            "modified": dataset.modified(),
            "temporal": dataset.temporal(),
            "preview_rows": PREVIEW_ROWS,
        },
    )


@require_GET
def download(request: HttpRequest, slug: str, fmt: str) -> StreamingHttpResponse:
    dataset = _dataset_or_404(slug)
    if fmt not in dataset.formats:
        raise Http404(_("This dataset is not offered in that format."))
    stream, content_type = STREAMS[fmt]
    response = StreamingHttpResponse(stream(dataset), content_type=content_type)
    stamp = timezone.localtime().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="{slug}-{stamp}.{fmt}"'
    response["Link"] = f'<{dataset.licence.uri}>; rel="license"'
    return response


@require_GET
def catalogue_jsonld(request: HttpRequest) -> HttpResponse:
    from smartcity.opendata import dcat  # rdflib, only for the catalogue's readers

    return HttpResponse(dcat.catalogue_jsonld(), content_type="application/ld+json")


@require_GET
def catalogue_rdf(request: HttpRequest) -> HttpResponse:
    from smartcity.opendata import dcat

    return HttpResponse(dcat.catalogue_rdfxml(), content_type="application/rdf+xml")


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request, "opendata/dashboard.html", {"tiles": tiles.dashboard_tiles(now=timezone.now())}
    )
