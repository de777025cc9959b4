"""The heating season's state of each block, shown on its page."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from smartcity.housing import selectors, services
from smartcity.housing.models import HeatingState
from tests.housing.conftest import staff_login

TODAY = datetime.date(2026, 12, 7)


def test_the_latest_state_begun_by_today_holds(blocks):
    block = blocks["decebal-12"]
    services.heating_state_set(block=block, state="on", since=datetime.date(2026, 10, 20))
    services.heating_state_set(block=block, state="partial", since=datetime.date(2026, 12, 1))
    services.heating_state_set(block=block, state="off", since=datetime.date(2026, 12, 20))
    assert selectors.heating_state_of(block, today=TODAY).state == "partial"
    assert selectors.heating_state_of(block, today=datetime.date(2026, 11, 1)).state == "on"
    assert selectors.heating_state_of(block, today=datetime.date(2026, 10, 1)) is None


def test_a_state_with_a_last_day_is_over_after_it(blocks):
    block = blocks["decebal-12"]
    services.heating_state_set(
        block=block,
        state="off",
        since=datetime.date(2026, 12, 1),
        until=datetime.date(2026, 12, 5),
    )
    assert selectors.heating_state_of(block, today=TODAY) is None


def test_a_last_day_before_the_first_is_refused(blocks):
    with pytest.raises(ValidationError):
        services.heating_state_set(
            block=blocks["decebal-12"],
            state="on",
            since=TODAY,
            until=TODAY - datetime.timedelta(days=1),
        )


def test_the_buildings_page_shows_its_heating_and_manager(client, blocks):
    block = blocks["decebal-12"]
    services.heating_state_set(block=block, state="partial", since=datetime.date(2026, 12, 1))
    page = client.get(reverse("housing:block", args=[block.pk])).content.decode()
    assert 'data-state="partial"' in page
    assert "Heating partly on since 1 December 2026" in page
    assert "Asociația de Proprietari „Dacia-7”" in page
    assert "heating-form" not in page  # for the heating service only


def test_the_heating_service_records_a_state_from_the_buildings_page(client, blocks):
    block = blocks["decebal-12"]
    staff_login(client, "termoficare")
    assert "heating-form" in client.get(reverse("housing:block", args=[block.pk])).content.decode()
    response = client.post(
        reverse("housing:heating_set", args=[block.pk]),
        {"state": "on", "since": "2026-10-20", "note": ""},
    )
    assert response.status_code == 302
    assert HeatingState.objects.get().state == "on"


def test_a_visitor_cannot_record_heating(client, blocks):
    block = blocks["decebal-12"]
    response = client.post(
        reverse("housing:heating_set", args=[block.pk]), {"state": "on", "since": "2026-10-20"}
    )
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not HeatingState.objects.exists()
