"""Writes on project ideas: drafts that autosave, and the submission that checks them."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartcity.collaboration import access
from smartcity.collaboration.models import Event, IdeaStateChange, IdeaStatus, Need, ProjectIdea
from smartcity.collaboration.services.letters import letter_pdf_store, letter_register

EDITABLE = (IdeaStatus.DRAFT, IdeaStatus.NEEDS_INFORMATION)
TEXT_LIMITS = {
    "title": 200,
    "problem": 5000,
    "solution": 5000,
    "timeline": 2000,
    "partners": 2000,
    "annexes": 2000,
}


@dataclass
class IdeaContent:
    """What the author typed; every part may be empty while it is a draft."""

    title: str = ""
    domain: str = ""
    problem: str = ""
    solution: str = ""
    cost_estimate: Decimal | None = None
    timeline: str = ""
    partners: str = ""
    annexes: str = ""
    need_ids: list[int] = field(default_factory=list)
    event_ids: list[int] = field(default_factory=list)


def idea_draft_create(*, by) -> ProjectIdea:  # noqa: ANN001
    """An empty draft for a partner representative to fill in."""
    if not access.is_partner(by):
        raise PermissionDenied(_("Only partner representatives submit project ideas."))
    with transaction.atomic():
        return ProjectIdea.objects.create(author=by)


def _check_editable(idea: ProjectIdea, by) -> None:  # noqa: ANN001
    if idea.author_id != by.pk:
        raise PermissionDenied(_("Only the author edits a project idea."))
    if idea.status not in EDITABLE:
        raise PermissionDenied(_("This idea was submitted; it can no longer be changed."))


def idea_draft_save(*, idea: ProjectIdea, by, content: IdeaContent) -> ProjectIdea:  # noqa: ANN001
    """Keep what the author typed so far, complete or not (the autosave)."""
    _check_editable(idea, by)
    for name, limit in TEXT_LIMITS.items():
        setattr(idea, name, getattr(content, name).strip()[:limit])
    idea.domain = content.domain
    idea.cost_estimate = content.cost_estimate
    with transaction.atomic():
        locked = ProjectIdea.objects.select_for_update().get(pk=idea.pk)
        if locked.status not in EDITABLE:
            raise PermissionDenied(_("This idea was submitted; it can no longer be changed."))
        idea.full_clean(exclude=["author"])
        idea.save()
        idea.needs.set(Need.objects.filter(pk__in=content.need_ids))
        idea.events.set(Event.objects.filter(pk__in=content.event_ids))
    return idea


REQUIRED = ("title", "domain", "problem", "solution", "cost_estimate", "timeline")


def idea_validate_complete(idea: ProjectIdea) -> None:
    """Raise a ValidationError per missing or wrong part, in the user's language."""
    errors: dict[str, list[str]] = {}
    messages = {
        "title": _("Give the idea a title."),
        "domain": _("Choose the domain of the idea."),
        "problem": _("Describe the problem the idea solves."),
        "solution": _("Describe the proposed solution."),
        "cost_estimate": _("Estimate the cost in MDL."),
        "timeline": _("Give a timeline."),
    }
    for name in REQUIRED:
        value = getattr(idea, name)
        if value is None or value == "":
            errors[name] = [messages[name]]
    if idea.cost_estimate is not None and idea.cost_estimate <= 0:
        errors["cost_estimate"] = [_("The cost estimate must be more than 0 MDL.")]
    if len(idea.problem) and len(idea.problem) < 20:
        errors.setdefault("problem", []).append(
            _("Describe the problem in at least 20 characters.")
        )
    if errors:
        raise ValidationError(errors)


def state_change_record(
    *,
    idea: ProjectIdea,
    to_status: str,
    by,  # noqa: ANN001
    comment: str = "",
) -> IdeaStateChange:
    """Move an idea to a status and record who did it and when (inside the caller's
    transaction)."""
    change = IdeaStateChange.objects.create(
        idea=idea, from_status=idea.status, to_status=to_status, changed_by=by, comment=comment
    )
    idea.status = to_status
    return change


def idea_submit(*, idea: ProjectIdea, by, language: str = "ro") -> ProjectIdea:  # noqa: ANN001
    """Submit a complete idea: it leaves the draft state for the city to evaluate and its
    letter to the Mayor is registered (a resubmission keeps the first letter) and drawn.
    ValidationError lists every missing part."""
    _check_editable(idea, by)
    idea_validate_complete(idea)
    with transaction.atomic():
        idea = ProjectIdea.objects.select_for_update().get(pk=idea.pk)
        _check_editable(idea, by)
        state_change_record(idea=idea, to_status=IdeaStatus.SUBMITTED, by=by)
        idea.submitted_at = idea.submitted_at or timezone.now()
        idea.language = language
        idea.save(update_fields=["status", "submitted_at", "language", "updated_at"])
        letter = letter_register(idea=idea)
    if not letter.pdf:
        # Drawn after the commit: the number is taken only briefly, and a failure here
        # leaves a registered letter whose PDF the download draws again.
        letter_pdf_store(letter=letter)
    return idea
