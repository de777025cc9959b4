"""The collaboration's demo data and the pages that show it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from smartcity.collaboration import demo
from smartcity.collaboration.models import Event, LetterToMayor, Need, Project, ProjectIdea


@pytest.fixture
def demo_loaded(balti):
    demo.collaboration_load()


def test_the_demo_has_needs_ideas_letters_and_one_accepted_project(demo_loaded):
    demo.collaboration_load()  # idempotent
    assert Need.objects.count() == 3
    assert ProjectIdea.objects.exclude(status="draft").count() == 3
    assert LetterToMayor.objects.count() == 3
    project = Project.objects.get()
    assert project.idea.status == "accepted"
    assert project.milestones.count() == 3
    assert Event.objects.count() == 3
    past = Event.objects.get(documents__isnull=False)
    assert past.ends_at < timezone.now()
    assert past.documents.get().file.read(5) == b"%PDF-"


def test_the_public_pages_show_the_demo(client, demo_loaded):
    project = Project.objects.get()
    pages = {
        reverse("collaboration:needs"): "Reclamații despre încălzire doar prin telefon",
        reverse("collaboration:ideas"): "Telegestiunea iluminatului public",
        reverse("collaboration:projects"): project.title,
        reverse("collaboration:project", args=[project.pk]): "Instruirea profesorilor",
        reverse("collaboration:idea", args=[project.idea.pk]): project.idea.letter.number,
        reverse("collaboration:events"): "Hackathon: date deschise pentru Bălți",
        reverse("collaboration:organisations"): "Universitatea de Stat „Alecu Russo” din Bălți",
    }
    for url, text in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url
    assert (
        "De verificat consumul actual."
        not in client.get(reverse("collaboration:ideas")).content.decode()
    )


def test_the_navigation_leads_to_the_collaboration(client, balti):
    page = client.get("/").content.decode()
    names = ("needs", "ideas", "projects", "events", "organisations")
    for name in (f"collaboration:{n}" for n in names):
        assert f'href="{reverse(name)}"' in page
