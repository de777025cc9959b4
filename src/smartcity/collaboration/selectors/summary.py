"""Counts and look-ups other apps (the strategy tracking) read from the collaboration."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from smartcity.collaboration.models import IdeaStatus, Need, Project, ProjectIdea


@dataclass(frozen=True)
class PartnershipCounts:
    needs: int
    ideas_submitted: int
    ideas_accepted: int
    projects: int


def partnership_counts() -> PartnershipCounts:
    """How many needs, submitted and accepted ideas, and joint projects there are now."""
    ideas = ProjectIdea.objects.exclude(status=IdeaStatus.DRAFT)
    return PartnershipCounts(
        needs=Need.objects.count(),
        ideas_submitted=ideas.count(),
        ideas_accepted=ideas.filter(status=IdeaStatus.ACCEPTED).count(),
        projects=Project.objects.count(),
    )


def needs_by_ids(ids: list[int]) -> QuerySet[Need]:
    return Need.objects.filter(pk__in=ids).order_by("title")


def public_ideas_by_ids(ids: list[int]) -> QuerySet[ProjectIdea]:
    """Those of the ideas that the public may see (drafts never)."""
    return ProjectIdea.objects.exclude(status=IdeaStatus.DRAFT).filter(pk__in=ids).order_by("title")


def projects_by_ids(ids: list[int]) -> QuerySet[Project]:
    return Project.objects.filter(pk__in=ids).order_by("title")


def need_ids_titled(titles: list[str]) -> list[int]:
    return list(Need.objects.filter(title__in=titles).values_list("pk", flat=True))


def idea_ids_titled(titles: list[str]) -> list[int]:
    """Ids of submitted ideas (never drafts) with these titles."""
    return list(
        ProjectIdea.objects.exclude(status=IdeaStatus.DRAFT)
        .filter(title__in=titles)
        .values_list("pk", flat=True)
    )


def project_ids_titled(titles: list[str]) -> list[int]:
    return list(Project.objects.filter(title__in=titles).values_list("pk", flat=True))
