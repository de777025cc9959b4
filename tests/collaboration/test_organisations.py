"""The directory of organisations: filters, the map's GeoJSON, one organisation's page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from smartcity.collaboration.models import Event, Organisation


@pytest.fixture
def directory(db):
    university = Organisation.objects.create(
        name="Universitatea din Bălți",
        kind="academia",
        sector="învățământ superior",
        latitude=47.7569,
        longitude=27.9256,
    )
    Organisation.objects.create(name="Firmă fără adresă", kind="business", sector="software")
    return university


def test_the_list_filters_by_kind_and_by_words_in_sector(client, directory):
    page = client.get(reverse("collaboration:organisations"), {"kind": "business"})
    assert "Firmă fără adresă" in page.content.decode()
    assert "Universitatea din Bălți" not in page.content.decode()
    page = client.get(reverse("collaboration:organisations"), {"q": "superior"})
    assert "Universitatea din Bălți" in page.content.decode()
    assert "Firmă fără adresă" not in page.content.decode()


def test_the_map_shows_only_organisations_with_a_location(client, directory):
    data = client.get(reverse("collaboration:organisation_map")).json()
    assert [f["properties"]["name"] for f in data["features"]] == ["Universitatea din Bălți"]
    assert data["features"][0]["geometry"]["coordinates"] == [27.9256, 47.7569]


def test_an_organisation_page_says_its_location_is_approximate(client, directory):
    directory.address = "str. Pușkin 38"
    directory.save()
    page = client.get(reverse("collaboration:organisation", args=[directory.pk])).content.decode()
    assert "str. Pușkin 38" in page
    assert "locație aproximativă" in page


def test_who_works_with_whom_pairs_organisations_sharing_an_event(client, partnership):
    now = timezone.now()
    hackathon = Event.objects.create(
        title="Hackathon", kind="hackathon", starts_at=now, ends_at=now
    )
    first, second, _alone = (
        Organisation.objects.create(name=name, kind="business") for name in ("A", "B", "C")
    )
    first.events.add(hackathon)
    second.events.add(hackathon)
    page = client.get(reverse("collaboration:organisation_network")).content.decode()
    assert page.count('data-testid="network-row"') == 1
    assert ">A</a> — <a" in page and "Hackathon" in page


def test_the_network_lists_each_project_and_event_with_its_organisations(client, partnership):
    now = timezone.now()
    workshop = Event.objects.create(
        title="Atelier de date deschise", kind="workshop", starts_at=now, ends_at=now
    )
    Event.objects.create(
        title="Eveniment fără parteneri", kind="workshop", starts_at=now, ends_at=now
    )
    university = Organisation.objects.create(
        name="Universitatea Alecu Russo", kind="academia", center_relation="partner"
    )
    university.events.add(workshop)
    page = client.get(reverse("collaboration:organisation_network")).content.decode()
    assert page.count('data-testid="collaboration-row"') == 1
    assert "Atelier de date deschise" in page and "Eveniment fără parteneri" not in page
    assert "Centrul de Inovare și Transfer Tehnologic: partener" in page


def test_the_pairs_sharing_the_most_come_first_and_the_total_is_counted(partnership):
    from smartcity.collaboration import selectors

    now = timezone.now()
    first_event, second_event = (
        Event.objects.create(title=title, kind="workshop", starts_at=now, ends_at=now)
        for title in ("Atelier 1", "Atelier 2")
    )
    alfa, beta, gama = (
        Organisation.objects.create(name=name, kind="business") for name in ("Alfa", "Beta", "Gama")
    )
    for organisation in (alfa, beta):
        organisation.events.add(first_event, second_event)
    gama.events.add(second_event)
    links, pairs = selectors.organisation_links(limit=1)
    assert pairs == 3
    assert [(link.first.name, link.second.name, link.events) for link in links] == [
        ("Alfa", "Beta", ("Atelier 1", "Atelier 2"))
    ]
    everything, _pairs = selectors.organisation_links()
    assert [(link.first.name, link.second.name) for link in everything] == [
        ("Alfa", "Beta"),
        ("Alfa", "Gama"),
        ("Beta", "Gama"),
    ]
