"""Reads for the city's evaluation desk. Private notes are read only through here."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from smartcity.collaboration.models import (
    EvaluationNote,
    EvaluatorAssignment,
    IdeaStatus,
    Member,
    ProjectIdea,
)


def evaluators() -> QuerySet:
    return (
        get_user_model()
        .objects.filter(collaboration_member__role=Member.Role.EVALUATOR)
        .order_by("last_name", "first_name")
    )


def ideas_awaiting_answer() -> QuerySet[ProjectIdea]:
    return ProjectIdea.objects.filter(
        status__in=[IdeaStatus.SUBMITTED, IdeaStatus.UNDER_EVALUATION]
    ).order_by("submitted_at", "id")


def ideas_assigned_to(user) -> QuerySet[ProjectIdea]:  # noqa: ANN001
    return ProjectIdea.objects.filter(assignments__evaluator=user).order_by("-submitted_at")


def assignments_of(idea: ProjectIdea) -> list[EvaluatorAssignment]:
    return list(idea.assignments.select_related("evaluator", "assigned_by"))


def private_notes(idea: ProjectIdea, *, allowed: bool) -> list[EvaluationNote]:
    """The evaluators' notes, for a caller that checked `services.may_evaluate`; an
    empty list otherwise, so a page cannot show them by mistake."""
    if not allowed:
        return []
    return list(idea.private_notes.select_related("author"))
