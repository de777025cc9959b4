"""Writes of the skills study: the shipped classification and questionnaire, rounds,
invitations, answers saved as the respondent goes, and the submission."""

from __future__ import annotations

import csv
import datetime
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartcity.collaboration.models import Organisation
from smartcity.skills.models import (
    Answer,
    Invitation,
    Occupation,
    Option,
    Question,
    Response,
    Section,
    Skill,
    StudyRound,
    Survey,
)
from smartcity.skills.questionnaire import (
    Structure,
    answer_clean,
    answers_missing,
    is_shown,
    structure_of,
)

DATA = Path(__file__).resolve().parent / "data"
LANGUAGES = ("ro", "ru", "en")
REMINDER_AFTER = datetime.timedelta(days=7)
REMINDERS_AT_MOST = 3


def classification_load() -> None:
    """The ISCO-08 occupations and the skills from the shipped CSV files (idempotent)."""
    with (DATA / "occupations.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            Occupation.objects.update_or_create(
                code=row["isco_code"],
                defaults={
                    "esco_uri": row["esco_uri"],
                    "field": row["field"],
                    **{f"title_{lang}": row[f"title_{lang}"] for lang in LANGUAGES},
                },
            )
    with (DATA / "skills.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            Skill.objects.update_or_create(
                code=row["code"],
                defaults={
                    "field": row["field"],
                    **{f"label_{lang}": row[f"label_{lang}"] for lang in LANGUAGES},
                },
            )


def _texts(name: str, texts: dict | None) -> dict:
    return {f"{name}_{lang}": (texts or {}).get(lang, "") for lang in LANGUAGES}


@transaction.atomic
def questionnaire_load(path: Path | None = None) -> Survey:
    """The study's questionnaire from its JSON file; a survey already there is kept."""
    spec = json.loads((path or DATA / "questionnaire.json").read_text(encoding="utf-8"))
    existing = Survey.objects.filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing
    survey = Survey.objects.create(
        slug=spec["slug"],
        **_texts("title", spec["title"]),
        **_texts("description", spec.get("description")),
    )
    by_code: dict[str, Question] = {}
    for s_pos, s_spec in enumerate(spec["sections"]):
        section = Section.objects.create(
            survey=survey,
            position=s_pos,
            **_texts("title", s_spec["title"]),
            **_texts("description", s_spec.get("description")),
        )
        for q_pos, q in enumerate(s_spec["questions"]):
            condition = q.get("show_if")
            question = Question.objects.create(
                section=section,
                position=q_pos,
                code=q["code"],
                kind=q["kind"],
                required=q.get("required", False),
                source=q.get("source", ""),
                cells=q.get("cells", Question.Cells.NUMBER),
                min_value=q.get("min"),
                max_value=q.get("max"),
                show_if_question=by_code[condition["question"]] if condition else None,
                show_if_values=condition["values"] if condition else [],
                **_texts("text", q["text"]),
                **_texts("help_text", q.get("help_text")),
            )
            by_code[q["code"]] = question
            Option.objects.bulk_create(
                Option(question=question, position=i, code=code, **_texts("label", labels))
                for i, (code, labels) in enumerate(q.get("options", []))
            )
    return survey


def round_open(
    *, survey: Survey, year: int, opens_at: datetime.datetime, closes_at: datetime.datetime
) -> StudyRound:
    """A new yearly round; refuses a second round for the same year."""
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": _("The round must close after it opens.")})
    if StudyRound.objects.filter(year=year).exists():
        raise ValidationError(
            {"year": _("There is already a round for %(year)s.") % {"year": year}}
        )
    return StudyRound.objects.create(
        survey=survey, year=year, opens_at=opens_at, closes_at=closes_at
    )


def token_new() -> str:
    return secrets.token_urlsafe(24)


def invitations_create(*, round: StudyRound, organisations) -> list[Invitation]:  # noqa: A002, ANN001
    """Invite each business not yet invited to this round (one invitation per enterprise
    and round); returns the new invitations, to be emailed after the commit."""
    created = []
    invited = set(round.invitations.values_list("organisation_id", flat=True))
    for organisation in organisations:
        if organisation.pk in invited or organisation.kind != Organisation.Kind.BUSINESS:
            continue
        try:
            with transaction.atomic():
                created.append(
                    Invitation.objects.create(
                        round=round,
                        organisation=organisation,
                        token=token_new(),
                        email=organisation.email,
                    )
                )
        except IntegrityError:
            continue  # invited at the same moment by another request
    return created


@dataclass(frozen=True)
class Saved:
    """What one save kept: the answers now stored and the problems by question code."""

    answers: dict[str, object]
    errors: dict[str, list[str]]


def _writable(invitation: Invitation, now: datetime.datetime) -> None:
    if not invitation.round.is_open(now):
        if now < invitation.round.opens_at:
            raise PermissionDenied(_("This study round has not opened yet."))
        raise PermissionDenied(
            _("This study round closed on %(date)s; answers can no longer be changed.")
            % {"date": timezone.localtime(invitation.round.closes_at).strftime("%d.%m.%Y")}
        )


def response_answers(response: Response | None) -> dict[str, object]:
    if response is None:
        return {}
    return dict(response.answers.values_list("question__code", "value"))


def answers_save(
    *, invitation: Invitation, raw: dict[str, object], structure: Structure | None = None
) -> Saved:
    """Save every answer in `raw` (question code → raw value) that is valid; an invalid
    one is reported and leaves the stored answer as it was, so nothing typed before is
    lost. Refuses (PermissionDenied) when the round is closed or the response was
    already submitted."""
    now = timezone.now()
    _writable(invitation, now)
    structure = structure or structure_of(invitation.round.survey)
    items = structure.by_code()
    errors: dict[str, list[str]] = {}
    with transaction.atomic():
        response, _created = Response.objects.get_or_create(invitation=invitation)
        response = Response.objects.select_for_update().get(pk=response.pk)
        if response.submitted_at is not None:
            raise PermissionDenied(
                _("These answers were already submitted; they can no longer be changed.")
            )
        for code, value in raw.items():
            item = items.get(code)
            if item is None:
                errors[code] = [str(_("This question is not in the survey."))]
                continue
            try:
                cleaned = answer_clean(item, value)
            except ValidationError as error:
                errors[code] = [str(m) for m in error.messages]
                continue
            if cleaned is None:
                Answer.objects.filter(response=response, question=item.question).delete()
            else:
                Answer.objects.update_or_create(
                    response=response,
                    question=item.question,
                    defaults={"value": cleaned, "saved_at": now},
                )
        response.updated_at = now
        response.save(update_fields=["updated_at"])
        return Saved(response_answers(response), errors)


def response_submit(*, invitation: Invitation, raw: dict[str, object]) -> Saved:
    """Save what was sent, then submit when every asked required question has a valid
    answer; answers to questions no longer asked are dropped. Returns the problems
    otherwise (the valid answers are kept). A second submission is refused."""
    structure = structure_of(invitation.round.survey)
    saved = answers_save(invitation=invitation, raw=raw, structure=structure)
    errors = dict(saved.errors)
    for item in answers_missing(structure, saved.answers):
        errors.setdefault(item.code, [str(_("This question needs an answer."))])
    if errors:
        return Saved(saved.answers, errors)
    with transaction.atomic():
        response = Response.objects.select_for_update().get(invitation=invitation)
        if response.submitted_at is not None:
            raise PermissionDenied(
                _("These answers were already submitted; they can no longer be changed.")
            )
        hidden = [item.question for item in structure.items() if not is_shown(item, saved.answers)]
        Answer.objects.filter(response=response, question__in=hidden).delete()
        response.submitted_at = timezone.now()
        response.save(update_fields=["submitted_at"])
    return Saved(response_answers(response), {})


def invitations_due_reminder(*, round: StudyRound, now: datetime.datetime | None = None):  # noqa: A002, ANN201
    """Invitations of an open round not answered yet, with an email, last contacted a
    week ago or more, and reminded fewer than three times."""
    now = now or timezone.now()
    if not round.is_open(now):
        return Invitation.objects.none()
    due = now - REMINDER_AFTER
    return (
        round.invitations.exclude(email="")
        .exclude(response__submitted_at__isnull=False)
        .filter(sent_at__isnull=False, sent_at__lte=due, reminders__lt=REMINDERS_AT_MOST)
        .exclude(reminded_at__gt=due)
    )
