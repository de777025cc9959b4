"""The city's evaluation: evaluators, private notes, the public answer, its record and email."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from smartcity.collaboration import services
from smartcity.collaboration.models import IdeaStateChange, ProjectIdea
from tests.collaboration.test_letters import _submitted

SECRET = "Costul pare umflat de două ori; de verificat devizul."


@pytest.fixture
def idea(partner):
    partner.email = "partener@example.md"
    partner.save()
    return _submitted(partner)


@pytest.fixture
def assigned(idea, mayors_office, evaluator):
    services.evaluator_assign(idea=idea, by=mayors_office, evaluator_id=evaluator.pk)
    return ProjectIdea.objects.get(pk=idea.pk)


def test_assigning_an_evaluator_puts_the_idea_under_evaluation_and_records_who(
    assigned, mayors_office
):
    assert assigned.status == "under_evaluation"
    change = IdeaStateChange.objects.filter(idea=assigned).last()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "submitted",
        "under_evaluation",
        mayors_office,
    )
    assert change.changed_at is not None


def test_partners_do_not_assign_evaluators(idea, partner, evaluator):
    with pytest.raises(PermissionDenied):
        services.evaluator_assign(idea=idea, by=partner, evaluator_id=evaluator.pk)


def test_only_city_evaluators_can_be_assigned(idea, mayors_office, resident):
    with pytest.raises(ValidationError):
        services.evaluator_assign(idea=idea, by=mayors_office, evaluator_id=resident.pk)


def test_private_notes_are_never_shown_to_the_public_or_the_author(
    client, assigned, evaluator, partner
):
    client.force_login(evaluator)
    client.post(reverse("collaboration:office_note", args=[assigned.pk]), {"note-text": SECRET})
    assert (
        SECRET
        in client.get(reverse("collaboration:office_idea", args=[assigned.pk])).content.decode()
    )

    pages = [
        reverse("collaboration:idea", args=[assigned.pk]),
        reverse("collaboration:ideas"),
        reverse("collaboration:ideas_mine"),
    ]
    client.logout()
    for page in pages[:2]:
        assert SECRET not in client.get(page).content.decode()
    client.force_login(partner)
    for page in pages:
        assert SECRET not in client.get(page).content.decode()
    desk = client.get(reverse("collaboration:office_idea", args=[assigned.pk]))
    assert desk.status_code == 403
    assert SECRET not in desk.content.decode()


def test_an_evaluator_not_on_the_idea_cannot_read_or_write_notes(assigned, evaluator):
    other = get_user_model().objects.create_user("evaluator2")
    from smartcity.collaboration.models import Member

    Member.objects.create(user=other, role=Member.Role.EVALUATOR)
    with pytest.raises(PermissionDenied):
        services.evaluation_note_add(idea=assigned, by=other, text="x")
    services.evaluation_note_add(idea=assigned, by=evaluator, text="ok")


def test_evaluators_do_not_publish_answers(assigned, evaluator):
    with pytest.raises(PermissionDenied):
        services.idea_answer(idea=assigned, by=evaluator, decision="rejected", text="Nu.")


def test_an_acceptance_needs_a_cost_and_a_period(assigned, mayors_office):
    with pytest.raises(ValidationError) as error:
        services.idea_answer(idea=assigned, by=mayors_office, decision="accepted")
    assert set(error.value.message_dict) == {"cost", "period"}


def test_a_rejection_needs_reasons(assigned, mayors_office):
    with pytest.raises(ValidationError):
        services.idea_answer(idea=assigned, by=mayors_office, decision="rejected", text=" ")


def test_the_answer_is_public_recorded_and_emailed_to_the_author_once(
    client, assigned, mayors_office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.idea_answer(
            idea=assigned,
            by=mayors_office,
            decision="accepted",
            text="Se finanțează din bugetul municipal pentru 2027.",
            cost=Decimal("450000"),
            starts=datetime.date(2027, 2, 1),
            ends=datetime.date(2027, 6, 30),
        )
    change = IdeaStateChange.objects.filter(idea=assigned).last()
    assert (change.to_status, change.changed_by) == ("accepted", mayors_office)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["partener@example.md"]
    assert "acceptată" in mail.outbox[0].subject
    assert "450.000,00 MDL" in mail.outbox[0].body
    from smartcity.collaboration import notifications

    assert notifications.idea_author_notify(change_id=change.pk) is False
    page = client.get(reverse("collaboration:idea", args=[assigned.pk])).content.decode()
    assert "Se finanțează din bugetul municipal pentru 2027." in page
    assert "01.02.2027" in page


def test_the_office_page_publishes_an_answer_asking_for_information(
    client, assigned, mayors_office, partner
):
    client.force_login(mayors_office)
    client.post(
        reverse("collaboration:office_answer", args=[assigned.pk]),
        {"answer-decision": "needs_information", "answer-text": "Atașați devizul detaliat."},
    )
    assigned.refresh_from_db()
    assert assigned.status == "needs_information"
    client.force_login(partner)
    edit = client.get(reverse("collaboration:idea_edit", args=[assigned.pk])).content.decode()
    assert "Atașați devizul detaliat." in edit
    # The author completes the idea and submits it again; the letter stays the same.
    number = assigned.letter.number
    services.idea_submit(idea=assigned, by=partner)
    assigned.refresh_from_db()
    assert (assigned.status, assigned.letter.number) == ("submitted", number)
