"""Reads on letters to the Mayor."""

from __future__ import annotations

from django.db.models import QuerySet

from smartcity.collaboration import access
from smartcity.collaboration.models import LetterToMayor


def letters_for_office() -> QuerySet[LetterToMayor]:
    """Letters for the Mayor's office: those still awaiting receipt first, then newest."""
    return LetterToMayor.objects.select_related("idea", "idea__author").order_by(
        "received_on", "-year", "-sequence"
    )


def letter_by_id(pk: int) -> LetterToMayor | None:
    return LetterToMayor.objects.select_related("idea", "idea__author").filter(pk=pk).first()


def letter_readable_by(letter: LetterToMayor, user) -> bool:  # noqa: ANN001
    """The author, the city side (Mayor's office, evaluators, staff) and administrators."""
    return (
        letter.idea.author_id == getattr(user, "pk", None)
        or access.scoring_side(user) == "city"
        or access.is_administrator(user)
    )
