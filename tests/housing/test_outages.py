"""Entering outages: what they reach, what is refused, and who may enter them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from smartcity.housing import selectors, services
from smartcity.housing.models import Outage
from tests.housing.conftest import DAY, HOUR, NOW, entry, staff_login


def test_a_street_range_reaches_the_blocks_numbered_within_it(blocks, providers):
    outage = services.outage_save(entry=entry(providers["water"]))
    reached = {b.address for b in selectors.outage_blocks(outage)}
    assert reached == {"str. Decebal 10", "str. Decebal 12"}


def test_named_buildings_are_reached_whatever_their_street(blocks, providers):
    outage = services.outage_save(
        entry=entry(
            providers["heating"],
            street="",
            number_from=None,
            number_to=None,
            blocks=[blocks["independentei-12"]],
        )
    )
    assert selectors.outage_blocks(outage) == [blocks["independentei-12"]]
    assert list(selectors.outages_of_block(blocks["independentei-12"])) == [outage]
    assert list(selectors.outages_of_block(blocks["decebal-10"])) == []


def test_a_street_without_diacritics_or_prefix_still_matches(blocks, providers):
    outage = services.outage_save(
        entry=entry(providers["water"], street="Independentei", number_from=None, number_to=None)
    )
    assert selectors.outage_blocks(outage) == [blocks["independentei-12"]]


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"expected_end_at": NOW + DAY}, "The expected end must come after the start."),
        ({"street": "", "number_from": None, "number_to": None}, "Give a street"),
        ({"number_from": 20, "number_to": 10}, "The first number of the range is above"),
        ({"utility": "heating"}, "does not provide this service"),
        ({"reason": "  "}, "Say why the service stops."),
        ({"expected_end_at": NOW + 60 * DAY}, "more than 45 days"),
        ({"ended_at": NOW}, "The actual end cannot come before the start."),
    ],
)
def test_an_outage_that_does_not_make_sense_is_refused_and_not_saved(
    blocks, providers, changes, problem
):
    with pytest.raises(ValidationError) as refused:
        services.outage_save(entry=entry(providers["water"], **changes))
    assert any(problem in message for message in refused.value.messages)
    assert not Outage.objects.exists()


def test_the_water_service_enters_an_outage_in_its_staff_page(client, blocks, providers):
    user = staff_login(client, "apa-canal")
    response = client.post(
        reverse("housing:staff_outage_new"),
        {
            "utility": "water",
            "kind": "planned",
            "provider": providers["water"].pk,
            "street": "str. Decebal",
            "number_from": "8",
            "number_to": "14",
            "buildings": "str. Independenței 12",
            "starts_at": "2026-12-09T09:00",
            "expected_end_at": "2026-12-09T17:00",
            "reason": "Înlocuirea vanelor",
        },
    )
    outage = Outage.objects.get()
    assert response.status_code == 302
    assert outage.entered_by == user
    # The form's times are the city's: 09:00 in Bălți is 07:00 UTC in winter.
    assert outage.starts_at == NOW.replace(day=9, hour=7)
    assert len(selectors.outage_blocks(outage)) == 3


def test_the_staff_page_says_what_is_wrong_and_saves_nothing(client, blocks, providers):
    staff_login(client, "apa-canal")
    response = client.post(
        reverse("housing:staff_outage_new"),
        {
            "utility": "water",
            "kind": "planned",
            "provider": providers["water"].pk,
            "street": "str. Decebal",
            "buildings": "str. Decebal 999",
            "starts_at": "2026-12-09T09:00",
            "expected_end_at": "2026-12-09T08:00",
            "reason": "x",
        },
    )
    assert response.status_code == 400
    assert "No building “str. Decebal 999” is registered." in response.content.decode()
    assert not Outage.objects.exists()


def test_the_water_service_may_not_enter_the_heating_providers_outages(client, providers):
    staff_login(client, "apa-canal")
    page = client.get(reverse("housing:staff_outage_new")).content.decode()
    assert "Apă-Canal" in page and "Termogaz" not in page
    heating = services.outage_save(
        entry=entry(providers["heating"], number_from=None, number_to=None)
    )
    assert client.get(reverse("housing:staff_outage", args=[heating.pk])).status_code == 403
    assert client.post(reverse("housing:staff_outage_end", args=[heating.pk])).status_code == 403
    heating.refresh_from_db()
    assert heating.ended_at is None


def test_electricity_outages_are_entered_by_the_housing_directorate(client, providers):
    staff_login(client, "locativ")
    page = client.get(reverse("housing:staff_outage_new")).content.decode()
    assert "RED Nord" in page and "Apă-Canal" not in page


def test_other_departments_and_visitors_are_kept_out_of_the_staff_pages(client, providers):
    assert client.get(reverse("housing:staff_outages")).status_code == 302  # to the login
    staff_login(client, "iluminat")
    for name in ("housing:staff_outages", "housing:staff_outage_new", "housing:work"):
        response = client.get(reverse(name))
        assert response.status_code == 403
        assert "water, heating and housing services" in response.content.decode()


def test_a_dispatcher_may_end_any_outage(client, providers):
    staff_login(client, "dispecerat", role="dispatcher")
    outage = services.outage_save(
        entry=entry(providers["heating"], starts_at=NOW - HOUR, expected_end_at=NOW + HOUR)
    )
    client.post(reverse("housing:staff_outage_end", args=[outage.pk]))
    outage.refresh_from_db()
    assert outage.ended_at == NOW
