"""Writes on joint projects: starting one from an accepted idea, milestones, people."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartcity.collaboration import access
from smartcity.collaboration.models import (
    IdeaStatus,
    Milestone,
    Project,
    ProjectIdea,
    ProjectResponsible,
    Side,
)


def _name(user) -> str:  # noqa: ANN001
    return user.get_full_name() or user.get_username()


def project_start(*, idea: ProjectIdea, by) -> Project:  # noqa: ANN001
    """The joint project of an accepted idea, with its accepted budget and period and the
    author and the answering official as the first responsible people (once per idea)."""
    if idea.status != IdeaStatus.ACCEPTED:
        raise ValidationError(_("Only an accepted idea becomes a joint project."))
    with transaction.atomic():
        project, created = Project.objects.get_or_create(
            idea=idea,
            defaults={
                "title": idea.title,
                "budget": idea.accepted_cost,
                "starts_on": idea.accepted_from,
                "ends_on": idea.accepted_until,
                "started_by": by,
            },
        )
        if created:
            member = access.member_of(idea.author)
            now = timezone.now()
            ProjectResponsible.objects.create(
                project=project,
                side=Side.PARTNER,
                name=_name(idea.author),
                position=member.organisation if member else "",
                user=idea.author,
                added_by=by,
                added_at=now,
            )
            ProjectResponsible.objects.create(
                project=project, side=Side.CITY, name=_name(by), user=by, added_by=by, added_at=now
            )
    return project


def may_manage(project: Project, user) -> bool:  # noqa: ANN001
    """The Mayor's office and the project's responsible people with an account."""
    if access.is_mayors_office(user):
        return True
    user_id = getattr(user, "pk", None)
    return user_id is not None and project.responsibles.filter(user_id=user_id).exists()


def _check(project: Project, by) -> None:  # noqa: ANN001
    if not may_manage(project, by):
        raise PermissionDenied(_("Only the project's responsible people change it."))


def milestone_add(
    *,
    project: Project,
    by,  # noqa: ANN001
    title: str,
    due_on: datetime.date,
) -> Milestone:
    _check(project, by)
    title = title.strip()
    if not title:
        raise ValidationError(_("Give the milestone a title."))
    with transaction.atomic():
        return Milestone.objects.create(
            project=project,
            title=title[:200],
            due_on=due_on,
            added_by=by,
            added_at=timezone.now(),
        )


def milestone_complete(*, milestone: Milestone, by, done_on: datetime.date) -> Milestone:  # noqa: ANN001
    """Mark a milestone done; the project is in progress, or completed with its last one."""
    project = milestone.project
    _check(project, by)
    with transaction.atomic():
        milestone.done_on = done_on
        milestone.done_recorded_by = by
        milestone.done_recorded_at = timezone.now()
        milestone.save(update_fields=["done_on", "done_recorded_by", "done_recorded_at"])
        remaining = project.milestones.filter(done_on__isnull=True).exists()
        project.status = Project.Status.IN_PROGRESS if remaining else Project.Status.COMPLETED
        project.save(update_fields=["status"])
    return milestone


def responsible_add(
    *,
    project: Project,
    by,  # noqa: ANN001
    side: str,
    name: str,
    position: str = "",
) -> ProjectResponsible:
    _check(project, by)
    if side not in Side.values:
        raise ValidationError(_("Choose the side."))
    if not name.strip():
        raise ValidationError(_("Give the person's name."))
    with transaction.atomic():
        return ProjectResponsible.objects.create(
            project=project,
            side=side,
            name=name.strip()[:150],
            position=position.strip()[:150],
            added_by=by,
            added_at=timezone.now(),
        )
