"""PDFs drawn from HTML by WeasyPrint, in DejaVu Sans from Debian's fonts-dejavu-core
(ș ț ă î â and Cyrillic). Nothing is fetched from the network: the fetcher serves only
those font files and inline data.

WeasyPrint (with Pango and fontTools) is imported when a PDF is drawn, not when a
module that can draw one is imported: a web process that never draws one stays small.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


@cache
def _fonts_only_fetcher() -> type:
    from weasyprint.urls import URLFetcher

    class FontsOnly(URLFetcher):
        """Fetches the DejaVu font files and data: URLs; refuses everything else."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file", "data"})

        def fetch(self, url: str, headers: dict | None = None):  # noqa: ANN201
            if url.startswith("file:") and not url.startswith(FONT_DIR.as_uri() + "/"):
                raise ValueError(f"a PDF may use only the DejaVu fonts, not {url}")
            return super().fetch(url, headers)

    return FontsOnly


def pdf_from_html(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_fonts_only_fetcher()()).write_pdf()
