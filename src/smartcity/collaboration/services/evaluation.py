"""Writes on the city's evaluation of ideas: evaluators, private notes, the public answer."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartcity.collaboration import access, tasks
from smartcity.collaboration.models import (
    EvaluationNote,
    EvaluatorAssignment,
    IdeaStatus,
    Member,
    ProjectIdea,
)
from smartcity.collaboration.services.ideas import state_change_record
from smartcity.collaboration.services.projects import project_start

ANSWERS = (IdeaStatus.ACCEPTED, IdeaStatus.REJECTED, IdeaStatus.NEEDS_INFORMATION)
IN_EVALUATION = (IdeaStatus.SUBMITTED, IdeaStatus.UNDER_EVALUATION)


def _mayors_office_only(by) -> None:  # noqa: ANN001
    if not access.is_mayors_office(by):
        raise PermissionDenied(_("Only the Mayor's office does this."))


def evaluator_assign(*, idea: ProjectIdea, by, evaluator_id: int) -> EvaluatorAssignment:  # noqa: ANN001
    """Put a city evaluator on a submitted idea; the idea goes under evaluation."""
    _mayors_office_only(by)
    evaluator = (
        get_user_model()
        .objects.filter(pk=evaluator_id, collaboration_member__role=Member.Role.EVALUATOR)
        .first()
    )
    if evaluator is None:
        raise ValidationError(_("Choose one of the city's evaluators."))
    with transaction.atomic():
        idea = ProjectIdea.objects.select_for_update().get(pk=idea.pk)
        if idea.status not in IN_EVALUATION:
            raise ValidationError(_("Only a submitted idea is evaluated."))
        assignment, _created = EvaluatorAssignment.objects.get_or_create(
            idea=idea, evaluator=evaluator, defaults={"assigned_by": by}
        )
        if idea.status == IdeaStatus.SUBMITTED:
            state_change_record(idea=idea, to_status=IdeaStatus.UNDER_EVALUATION, by=by)
            idea.save(update_fields=["status", "updated_at"])
    return assignment


def may_evaluate(idea: ProjectIdea, user) -> bool:  # noqa: ANN001
    """The Mayor's office and the evaluators assigned to this idea."""
    if access.is_mayors_office(user):
        return True
    return idea.assignments.filter(evaluator_id=getattr(user, "pk", None)).exists()


def evaluation_note_add(*, idea: ProjectIdea, by, text: str) -> EvaluationNote:  # noqa: ANN001
    """A private note on an idea by its evaluator or the Mayor's office."""
    if not may_evaluate(idea, by):
        raise PermissionDenied(_("Only the idea's evaluators and the Mayor's office write notes."))
    text = text.strip()
    if not text:
        raise ValidationError(_("The note is empty."))
    with transaction.atomic():
        return EvaluationNote.objects.create(idea=idea, author=by, text=text[:5000])


def _answer_validate(
    decision: str,
    text: str,
    cost: Decimal | None,
    starts: datetime.date | None,
    ends: datetime.date | None,
) -> None:
    if decision not in ANSWERS:
        raise ValidationError(_("Choose an answer."))
    errors: dict[str, list[str]] = {}
    if decision == IdeaStatus.ACCEPTED:
        if cost is None or cost <= 0:
            errors["cost"] = [_("An accepted idea needs its accepted cost in MDL.")]
        if starts is None or ends is None:
            errors["period"] = [_("An accepted idea needs the period of its realisation.")]
        elif ends < starts:
            errors["period"] = [_("The period ends before it starts.")]
    elif decision == IdeaStatus.REJECTED and not text:
        errors["text"] = [_("Give the reasons for rejecting the idea.")]
    elif decision == IdeaStatus.NEEDS_INFORMATION and not text:
        errors["text"] = [_("Say which information is missing.")]
    if errors:
        raise ValidationError(errors)


def idea_answer(
    *,
    idea: ProjectIdea,
    by,  # noqa: ANN001
    decision: str,
    text: str = "",
    cost: Decimal | None = None,
    starts: datetime.date | None = None,
    ends: datetime.date | None = None,
) -> ProjectIdea:
    """The city hall's public answer: accepted (cost and period), rejected (reasons) or
    needs more information. The change is recorded and the author emailed after commit;
    an accepted idea becomes a joint project."""
    _mayors_office_only(by)
    text = text.strip()
    _answer_validate(decision, text, cost, starts, ends)
    with transaction.atomic():
        idea = ProjectIdea.objects.select_for_update().get(pk=idea.pk)
        if idea.status not in IN_EVALUATION:
            raise ValidationError(_("This idea is not waiting for an answer."))
        change = state_change_record(idea=idea, to_status=decision, by=by, comment=text)
        idea.answer = text
        idea.answered_at = timezone.now()
        accepted = decision == IdeaStatus.ACCEPTED
        idea.accepted_cost = cost if accepted else None
        idea.accepted_from = starts if accepted else None
        idea.accepted_until = ends if accepted else None
        idea.save()
        if accepted:
            project_start(idea=idea, by=by)
        transaction.on_commit(lambda: tasks.idea_author_notify.enqueue(change.pk))
    return idea
