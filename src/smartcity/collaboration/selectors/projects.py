"""Reads on joint projects: the list, one project, and its timeline."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from smartcity.collaboration.models import IdeaStatus, Milestone, Project


def projects_public() -> QuerySet[Project]:
    return Project.objects.annotate(
        milestones_total=Count("milestones"),
        milestones_done=Count("milestones", filter=Q(milestones__done_on__isnull=False)),
    ).order_by("-starts_on", "-id")


def project_by_id(pk: int) -> Project | None:
    return (
        projects_public()
        .select_related("idea", "idea__letter")
        .prefetch_related("responsibles", Prefetch("milestones", queryset=Milestone.objects.all()))
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class ProjectProgress:
    project: Project
    done: int
    total: int

    @property
    def percent(self) -> int:
        return progress_percent(self.done, self.total)


def projects_with_progress(*, limit: int = 200) -> list[ProjectProgress]:
    """Projects, latest start first, each with its milestones done and in all."""
    projects = list(Project.objects.order_by("-starts_on", "-id")[:limit])
    counts = {
        row["project_id"]: (row["done"], row["total"])
        for row in Milestone.objects.filter(project__in=projects)
        .values("project_id")
        .annotate(total=Count("id"), done=Count("id", filter=Q(done_on__isnull=False)))
    }
    return [ProjectProgress(p, *counts.get(p.pk, (0, 0))) for p in projects]


def progress_percent(done: int, total: int) -> int:
    """The share of milestones done, in whole percent (0 without milestones)."""
    return round(100 * done / total) if total else 0


@dataclass(frozen=True)
class TimelineEntry:
    day: datetime.date
    label: str
    kind: str  # "history", "done", "due" or "late"


def project_timeline(
    project: Project, *, today: datetime.date | None = None
) -> list[TimelineEntry]:
    """The project's story by date: the idea's submission, its letter and its receipt,
    the acceptance, then each milestone (done, due or late)."""
    today = today or timezone.localdate()
    idea = project.idea
    entries = []
    if idea.submitted_at:
        entries.append(
            TimelineEntry(timezone.localdate(idea.submitted_at), _("Idea submitted"), "history")
        )
    letter = getattr(idea, "letter", None)
    if letter is not None:
        entries.append(
            TimelineEntry(
                timezone.localdate(letter.registered_at),
                _("Letter %(number)s to the Mayor") % {"number": letter.number},
                "history",
            )
        )
        if letter.received_on:
            entries.append(
                TimelineEntry(letter.received_on, _("Letter received by the city hall"), "history")
            )
    if idea.status == IdeaStatus.ACCEPTED and idea.answered_at:
        entries.append(
            TimelineEntry(timezone.localdate(idea.answered_at), _("Idea accepted"), "history")
        )
    entries.append(TimelineEntry(project.starts_on, _("Project starts"), "history"))
    for milestone in project.milestones.all():
        if milestone.done_on:
            entries.append(TimelineEntry(milestone.done_on, milestone.title, "done"))
        else:
            kind = "late" if milestone.due_on < today else "due"
            entries.append(TimelineEntry(milestone.due_on, milestone.title, kind))
    entries.append(TimelineEntry(project.ends_on, _("Project ends"), "due"))
    return sorted(entries, key=lambda e: e.day)
