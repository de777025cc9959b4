"""Category suggestions from a report's text.

A stand-in with the interface of the trained text classifier (built on its own branch):
it knows no trained model, so it suggests nothing and pages asking for suggestions show
none. The real module replaces this file.
"""

from __future__ import annotations


def category_suggestions(text: str, limit: int = 3) -> list:
    """Up to `limit` suggestions (each with `category` and `confidence` 0..1); none here."""
    return []
