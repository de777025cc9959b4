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


def link_candidates(
    *, text: str = "", keep: dict[str, list[int]] | None = None, limit: int = 200
) -> dict[str, QuerySet]:
    """Needs, public ideas (drafts never) and joint projects another app may link to:
    those whose title contains `text` (all when empty), at most `limit` of each, plus the
    ids in `keep` (what is linked already, so a search never drops a link from view)."""
    keep = keep or {}
    found: dict[str, QuerySet] = {}
    sources: list[tuple[str, QuerySet]] = [
        ("needs", Need.objects.all()),
        ("ideas", ProjectIdea.objects.exclude(status=IdeaStatus.DRAFT)),
        ("projects", Project.objects.all()),
    ]
    for name, queryset in sources:
        matching = queryset.filter(title__icontains=text) if text else queryset
        ids = list(matching.order_by("title").values_list("pk", flat=True)[:limit])
        found[name] = queryset.filter(pk__in=ids + list(keep.get(name, []))).order_by("title")
    return found
