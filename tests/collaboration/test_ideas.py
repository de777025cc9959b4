"""Project ideas: drafts that save themselves, submission with clear errors, visibility."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from smartcity.collaboration import services
from smartcity.collaboration.models import IdeaStateChange, ProjectIdea

COMPLETE = {
    "title": "Iluminat inteligent pe strada Ștefan cel Mare",
    "domain": "lighting",
    "problem": "Felinarele ard toată noaptea la putere maximă și se strică des.",
    "solution": "Controlere cu senzori de mișcare și telegestiune pentru 120 de felinare.",
    "cost_estimate": "1 250 000,50",
    "timeline": "6 luni",
    "partners": "ACETI; Î.M. Iluminat Public",
    "annexes": "Deviz estimativ\nSchița traseului",
}


@pytest.fixture
def draft(partner):
    return services.idea_draft_create(by=partner)


def test_a_resident_cannot_start_a_project_idea(resident, partnership):
    with pytest.raises(PermissionDenied):
        services.idea_draft_create(by=resident)


def test_the_page_refuses_a_resident_with_a_reason(client, resident, partnership):
    client.force_login(resident)
    response = client.post(reverse("collaboration:idea_create"))
    assert response.status_code == 403
    assert ProjectIdea.objects.count() == 0


def test_a_partner_starts_a_draft_and_lands_on_its_form(client, partner):
    client.force_login(partner)
    response = client.post(reverse("collaboration:idea_create"))
    idea = ProjectIdea.objects.get()
    assert response.url == reverse("collaboration:idea_edit", args=[idea.pk])
    page = client.get(response.url).content.decode()
    assert f'hx-post="{reverse("collaboration:idea_draft", args=[idea.pk])}"' in page


def test_the_autosave_keeps_a_half_typed_draft(client, partner, draft):
    client.force_login(partner)
    response = client.post(
        reverse("collaboration:idea_draft", args=[draft.pk]),
        {"title": "Iluminat ințeligent", "problem": "Felinare"},
    )
    assert response.status_code == 200
    assert 'data-saved="true"' in response.content.decode()
    draft.refresh_from_db()
    assert (draft.title, draft.problem, draft.status) == (
        "Iluminat ințeligent",
        "Felinare",
        "draft",
    )


def test_the_autosave_keeps_the_last_good_cost_and_says_what_was_not_kept(client, partner, draft):
    client.force_login(partner)
    url = reverse("collaboration:idea_draft", args=[draft.pk])
    client.post(url, {"title": "A", "cost_estimate": "150 000"})
    response = client.post(url, {"title": "B", "cost_estimate": "o sută"})
    draft.refresh_from_db()
    assert (draft.title, draft.cost_estimate) == ("B", Decimal("150000"))
    assert "Scrieți costul ca număr de lei" in response.content.decode()


def test_submitting_an_incomplete_idea_lists_what_is_missing_in_romanian(client, partner, draft):
    client.force_login(partner)
    response = client.post(
        reverse("collaboration:idea_submit", args=[draft.pk]), {"title": "Doar un titlu"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Descrieți problema pe care o rezolvă ideea." in page
    assert "Estimați costul în MDL." in page
    draft.refresh_from_db()
    assert (draft.status, draft.title) == ("draft", "Doar un titlu")


def test_submitting_in_russian_explains_in_russian(client, partner, draft):
    client.force_login(partner)
    client.cookies["django_language"] = "ru"
    response = client.post(reverse("collaboration:idea_submit", args=[draft.pk]), {"title": "x"})
    assert "Опишите проблему, которую решает идея." in response.content.decode()


def test_a_complete_idea_is_submitted_and_the_change_recorded(client, partner, draft):
    client.force_login(partner)
    response = client.post(reverse("collaboration:idea_submit", args=[draft.pk]), COMPLETE)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "submitted"
    assert draft.cost_estimate == Decimal("1250000.50")
    change = IdeaStateChange.objects.get(idea=draft)
    assert (change.from_status, change.to_status, change.changed_by) == (
        "draft",
        "submitted",
        partner,
    )


def test_a_submitted_idea_can_no_longer_be_edited(partner, draft):
    services.idea_draft_save(
        idea=draft,
        by=partner,
        content=services.IdeaContent(**{**COMPLETE, "cost_estimate": Decimal("100")}),
    )
    services.idea_submit(idea=draft, by=partner)
    with pytest.raises(PermissionDenied):
        services.idea_draft_save(idea=draft, by=partner, content=services.IdeaContent(title="x"))


def test_drafts_are_seen_only_by_their_author(client, partner, resident, draft):
    services.idea_draft_save(
        idea=draft, by=partner, content=services.IdeaContent(title="Ciornă secretă")
    )
    assert client.get(reverse("collaboration:idea", args=[draft.pk])).status_code == 404
    assert "Ciornă secretă" not in client.get(reverse("collaboration:ideas")).content.decode()
    client.force_login(resident)
    assert client.get(reverse("collaboration:idea", args=[draft.pk])).status_code == 404
    client.force_login(partner)
    assert client.get(reverse("collaboration:idea", args=[draft.pk])).status_code == 200
