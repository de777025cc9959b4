"""Reads of the skills study: invitations by their link, rounds and their progress."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from smartcity.collaboration.selectors import organisations
from smartcity.skills.models import Invitation, StudyRound


def invitation_by_token(token: str) -> Invitation | None:
    if not token or len(token) > 64:
        return None
    return (
        Invitation.objects.select_related("round__survey", "organisation", "response")
        .filter(token=token)
        .first()
    )


def rounds_with_progress() -> QuerySet[StudyRound]:
    """Every round, newest first, with its invitations counted by state."""
    return StudyRound.objects.select_related("survey").annotate(
        invited=Count("invitations"),
        started=Count("invitations", filter=Q(invitations__response__isnull=False)),
        submitted=Count("invitations", filter=Q(invitations__response__submitted_at__isnull=False)),
    )


def businesses_to_invite(study_round: StudyRound) -> QuerySet:
    """The businesses of the organisations directory not yet invited to this round."""
    return organisations(kind="business").exclude(skills_invitations__round=study_round)


def round_by_year(year: int | None) -> StudyRound | None:
    """The round of a year; without a year, the newest closed round (else the newest)."""
    found = StudyRound.objects.select_related("survey").order_by("-year")
    if year is not None:
        return found.filter(year=year).first()
    return found.filter(closes_at__lte=timezone.now()).first() or found.first()
