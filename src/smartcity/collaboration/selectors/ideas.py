"""Reads on project ideas: public ones, an author's own, one with its public history."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from smartcity.collaboration.models import IdeaStateChange, IdeaStatus, Need, ProjectIdea


def public_ideas(*, status: str = "", domain: str = "") -> QuerySet[ProjectIdea]:
    """Submitted ideas (never drafts), newest first."""
    ideas = ProjectIdea.objects.exclude(status=IdeaStatus.DRAFT).select_related("author")
    if status:
        ideas = ideas.filter(status=status)
    if domain:
        ideas = ideas.filter(domain=domain)
    return ideas.order_by("-submitted_at", "-id")


def ideas_of(user) -> QuerySet[ProjectIdea]:  # noqa: ANN001
    """An author's ideas, drafts included, last changed first."""
    return ProjectIdea.objects.filter(author=user).order_by("-updated_at", "-id")


def idea_for_viewer(pk: int, user) -> ProjectIdea | None:  # noqa: ANN001
    """An idea with its needs and public history, if this user may see it: everyone sees
    submitted ideas, only the author sees a draft."""
    idea = (
        ProjectIdea.objects.select_related("author")
        .prefetch_related(
            "needs",
            Prefetch(
                "state_changes",
                queryset=IdeaStateChange.objects.select_related("changed_by"),
                to_attr="history",
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if idea is None:
        return None
    if idea.status == IdeaStatus.DRAFT and idea.author_id != getattr(user, "pk", None):
        return None
    return idea


def needs_to_link() -> QuerySet[Need]:
    return Need.objects.order_by("title")
