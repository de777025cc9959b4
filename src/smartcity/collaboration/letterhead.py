"""The association that writes the letters, and how a letter becomes a PDF.

The PDF is drawn from an HTML template (smartcity.web.pdf: DejaVu Sans, nothing fetched).
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from smartcity.city.selectors import city_profile
from smartcity.web.pdf import FONT_DIR, pdf_from_html

ASSOCIATION_CODE = "ACETI"
LETTER_LANGUAGES = ("ro", "ru")


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
    return pdf_from_html(letter_html(letter, language=language))
