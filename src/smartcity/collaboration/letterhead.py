"""The association that writes the letters, and how a letter becomes a PDF.

The PDF is drawn by WeasyPrint from an HTML template with DejaVu Sans from Debian's
fonts-dejavu-core (ș ț ă î â and Cyrillic). Nothing is fetched from the network: the
fetcher serves only those font files and inline data.
"""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from smartcity.city.selectors import city_profile

ASSOCIATION_CODE = "ACETI"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
LETTER_LANGUAGES = ("ro", "ru")


class LocalFontsOnly(URLFetcher):
    """Fetches the DejaVu font files and data: URLs; refuses everything else."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"file", "data"})

    def fetch(self, url: str, headers: dict | None = None):  # noqa: ANN201
        if url.startswith("file:") and not url.startswith(FONT_DIR.as_uri() + "/"):
            raise ValueError(f"the letter may use only the DejaVu fonts, not {url}")
        return super().fetch(url, headers)


def letter_html(letter, *, language: str = "ro") -> str:  # noqa: ANN001
    """The letter as HTML in Romanian (default) or Russian."""
    language = language if language in LETTER_LANGUAGES else "ro"
    with translation.override(language):
        return render_to_string(
            "collaboration/letters/letter.html",
            {
                "letter": letter,
                "idea": letter.idea,
                "city": city_profile(),
                "font_dir": FONT_DIR.as_uri(),
                "association_code": ASSOCIATION_CODE,
                "language": language,
            },
        )


def letter_pdf(letter, *, language: str = "ro") -> bytes:  # noqa: ANN001
    """The letter as PDF bytes."""
    html = HTML(string=letter_html(letter, language=language), url_fetcher=LocalFontsOnly())
    return html.write_pdf()
