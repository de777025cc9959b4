"""Joint projects: an accepted idea becomes one; milestones, people, the public timeline."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from smartcity.collaboration import selectors, services
from smartcity.collaboration.models import Project
from tests.collaboration.test_letters import _submitted


@pytest.fixture
def project(partner, mayors_office):
    idea = _submitted(partner)
    services.idea_answer(
        idea=idea,
        by=mayors_office,
        decision="accepted",
        cost=Decimal("450000"),
        starts=datetime.date(2027, 2, 1),
        ends=datetime.date(2027, 6, 30),
    )
    return Project.objects.get(idea=idea)


def test_an_accepted_idea_becomes_a_project_with_its_budget_period_and_both_sides(
    project, partner, mayors_office
):
    assert (project.budget, project.starts_on, project.ends_on) == (
        Decimal("450000"),
        datetime.date(2027, 2, 1),
        datetime.date(2027, 6, 30),
    )
    sides = {(r.side, r.user) for r in project.responsibles.all()}
    assert sides == {("partner", partner), ("city", mayors_office)}


def test_each_change_to_a_project_records_who_made_it_and_when(project, partner, mayors_office):
    assert project.started_by == mayors_office
    assert {r.added_by for r in project.responsibles.all()} == {mayors_office}
    milestone = services.milestone_add(
        project=project, by=partner, title="Achiziția tabletelor", due_on=datetime.date(2027, 3, 1)
    )
    person = services.responsible_add(
        project=project, by=partner, side="partner", name="Ion Popescu", position="inginer"
    )
    services.milestone_complete(milestone=milestone, by=partner, done_on=datetime.date(2027, 3, 1))
    milestone.refresh_from_db()
    person.refresh_from_db()
    assert (milestone.added_by, person.added_by, milestone.done_recorded_by) == (
        partner,
        partner,
        partner,
    )
    assert milestone.added_at is not None and person.added_at is not None
    assert milestone.added_at <= milestone.done_recorded_at


def test_a_rejected_idea_becomes_no_project(partner, mayors_office):
    idea = _submitted(partner)
    services.idea_answer(idea=idea, by=mayors_office, decision="rejected", text="Fără buget.")
    assert not Project.objects.exists()
    with pytest.raises(ValidationError):
        services.project_start(idea=idea, by=mayors_office)


def test_progress_follows_the_milestones_and_the_last_one_completes_the_project(project, partner):
    first = services.milestone_add(
        project=project, by=partner, title="Achiziția tabletelor", due_on=datetime.date(2027, 3, 1)
    )
    services.milestone_add(
        project=project,
        by=partner,
        title="Instruirea profesorilor",
        due_on=datetime.date(2027, 5, 1),
    )
    services.milestone_complete(milestone=first, by=partner, done_on=datetime.date(2027, 2, 25))
    loaded = selectors.project_by_id(project.pk)
    assert selectors.progress_percent(loaded.milestones_done, loaded.milestones_total) == 50
    assert loaded.status == "in_progress"
    services.milestone_complete(
        milestone=loaded.milestones.last(), by=partner, done_on=datetime.date(2027, 4, 30)
    )
    assert Project.objects.get(pk=project.pk).status == "completed"


def test_strangers_do_not_change_a_project(project, resident):
    with pytest.raises(PermissionDenied):
        services.milestone_add(
            project=project, by=resident, title="x", due_on=datetime.date(2027, 3, 1)
        )


def test_the_public_page_tells_the_story_in_order(client, project, partner):
    services.milestone_add(
        project=project,
        by=partner,
        title="Rețeaua Wi-Fi instalată",
        due_on=datetime.date(2027, 4, 1),
    )
    with translation.override("en"):
        timeline = selectors.project_timeline(
            selectors.project_by_id(project.pk), today=datetime.date(2027, 4, 15)
        )
    labels = [entry.label for entry in timeline]
    assert labels.index("Rețeaua Wi-Fi instalată") > labels.index(
        f"Letter {project.idea.letter.number} to the Mayor"
    )
    assert [e.kind for e in timeline if e.label == "Rețeaua Wi-Fi instalată"] == ["late"]
    page = client.get(reverse("collaboration:project", args=[project.pk])).content.decode()
    assert "Rețeaua Wi-Fi instalată" in page
    assert project.idea.letter.number in page
    assert "450.000,00" in page
    listing = client.get(reverse("collaboration:projects")).content.decode()
    assert project.title in listing
