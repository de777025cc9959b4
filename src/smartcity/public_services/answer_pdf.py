"""The city hall's answer to an application as a PDF (smartcity.web.pdf: DejaVu Sans,
so ș ț ă î â and Cyrillic show; nothing fetched)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from smartcity.city.selectors import city_profile
from smartcity.web.pdf import FONT_DIR, pdf_from_html


def answer_html(application) -> str:  # noqa: ANN001
    """The answer in the language the resident applied in (Romanian by default)."""
    language = application.language if application.language in ("ro", "ru", "en") else "ro"
    with translation.override(language):
        return render_to_string(
            "public_services/answer.html",
            {"application": application, "city": city_profile(), "font_dir": FONT_DIR.as_uri()},
        )


def answer_pdf(application) -> bytes:  # noqa: ANN001
    return pdf_from_html(answer_html(application))
