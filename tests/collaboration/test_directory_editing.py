"""Keeping the directory of organisations from its pages: adding and changing entries."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from smartcity.collaboration import services
from smartcity.collaboration.models import Event, Organisation


@pytest.fixture
def hackathon(db):
    starts = timezone.now() - datetime.timedelta(days=20)
    return Event.objects.create(
        title="Hackathon Bălți 2026",
        kind="hackathon",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=8),
        place="Bălți",
    )


def _form(**changes) -> dict:
    data = {
        "name": "Tehnologii Nord SRL",
        "kind": "business",
        "sector": "software",
        "size": "small",
        "center_relation": "resident",
        "email": "contact@tehnord.md",
        "phone": "",
        "website": "",
        "address": "str. Independenței 12, Bălți",
        "latitude": "47.7601",
        "longitude": "27.9302",
        "location_is_approximate": "on",
    }
    data.update(changes)
    return data


@time_machine.travel(datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC), tick=False)
def test_a_partner_adds_an_organisation_with_its_event_and_it_appears_on_the_map(
    client, partner, hackathon
):
    client.force_login(partner)
    response = client.post(
        reverse("collaboration:organisation_create"), _form(events=[hackathon.pk])
    )
    organisation = Organisation.objects.get()
    assert response.url == reverse("collaboration:organisation", args=[organisation.pk])
    assert organisation.center_relation == "resident"
    assert list(organisation.events.all()) == [hackathon]
    assert organisation.updated_by == partner
    assert organisation.updated_at == timezone.now()
    geojson = client.get(reverse("collaboration:organisation_map")).json()
    assert [f["properties"]["name"] for f in geojson["features"]] == ["Tehnologii Nord SRL"]
    event_page = client.get(reverse("collaboration:event", args=[hackathon.pk])).content.decode()
    assert "Tehnologii Nord SRL" in event_page


def test_a_resident_cannot_change_the_directory(client, resident):
    organisation = Organisation.objects.create(name="Universitatea", kind="academia")
    client.force_login(resident)
    edit = reverse("collaboration:organisation_edit", args=[organisation.pk])
    assert client.post(edit, _form()).status_code == 403
    organisation.refresh_from_db()
    assert organisation.name == "Universitatea"
    with pytest.raises(PermissionDenied):
        services.organisation_save(
            by=resident, organisation=None, values=_form(), project_ids=[], event_ids=[]
        )


def test_the_mayors_office_changes_an_organisation(client, mayors_office):
    organisation = Organisation.objects.create(name="Universitatea", kind="academia")
    client.force_login(mayors_office)
    client.post(
        reverse("collaboration:organisation_edit", args=[organisation.pk]),
        _form(
            name="Universitatea de Stat „Alecu Russo”", kind="academia", latitude="", longitude=""
        ),
    )
    organisation.refresh_from_db()
    assert organisation.name == "Universitatea de Stat „Alecu Russo”"
    assert organisation.latitude is None
    assert organisation.updated_by == mayors_office


def test_half_a_location_is_refused_in_romanian(client, partner):
    client.force_login(partner)
    response = client.post(reverse("collaboration:organisation_create"), _form(longitude=""))
    assert response.status_code == 400
    assert "Indicați atât latitudinea, cât și longitudinea" in response.content.decode()
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"latitude": "123"}, "mai mică sau egală cu 90"),
        ({"email": "nu-e-email"}, "Introduceți o adresă de email validă."),
        ({"latitude": "nord"}, "Introduceți un număr."),
    ],
)
def test_a_latitude_off_the_globe_or_a_bad_email_is_refused(client, partner, changes, message):
    client.force_login(partner)
    response = client.post(reverse("collaboration:organisation_create"), _form(**changes))
    assert response.status_code == 400
    assert not Organisation.objects.exists()
    assert message in response.content.decode()


def test_the_list_offers_adding_only_to_those_who_may(client, partner, resident):
    client.force_login(resident)
    assert b"organisation-create" not in client.get(reverse("collaboration:organisations")).content
    client.force_login(partner)
    assert b"organisation-create" in client.get(reverse("collaboration:organisations")).content
