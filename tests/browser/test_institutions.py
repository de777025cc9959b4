"""A resident finds a theatre on the map of institutions in a real browser, filters the
map to culture, opens the theatre's page and sees its hours and coming events."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from smartcity.city import demo as city_demo
from smartcity.city.models import Department
from smartcity.collaboration.services import EventDetails
from smartcity.institutions import hours, services


@pytest.fixture
def institutions(transactional_db):
    city_demo.city_load()
    week = {day: hours.intervals_parse("09:00–18:00") for day in range(7)}

    def save(kind: str, name: str, department: str, latitude: float):
        return services.institution_save(
            details=services.InstitutionDetails(
                kind=kind,
                name_ro=name,
                address="str. Independenței",
                latitude=latitude,
                longitude=27.9289,
                department=Department.objects.get(slug=department),
                hours=week,
            )
        )

    theatre = save("theatre", "Teatrul Național „Vasile Alecsandri”", "cultura", 47.7610)
    save("kindergarten", "Grădinița nr. 1", "invatamant", 47.7640)
    starts = timezone.now() + datetime.timedelta(days=3)
    services.institution_event_create(
        by=get_user_model().objects.get(username="cultura"),
        institution=theatre,
        details=EventDetails(
            title="Spectacol de Crăciun",
            kind="performance",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
        ),
    )
    return theatre


def test_a_resident_filters_the_map_to_culture_and_opens_the_theatre(page, institutions):
    page.goto("/institutions/")
    markers = page.locator("#institutions-map path.leaflet-interactive")
    markers.nth(1).wait_for()
    assert markers.count() == 2
    page.get_by_test_id("institution-filters").locator("#sector").select_option("culture")
    page.get_by_test_id("institution-filters").locator("button[type=submit]").click()
    page.wait_for_url("**/institutions/?sector=culture**")
    markers.first.wait_for()
    assert markers.count() == 1
    markers.first.click(force=True)
    page.locator(".leaflet-popup-content a").click()
    page.wait_for_url(f"**/institutions/{institutions.pk}/")
    assert page.get_by_test_id("open-now").inner_text().strip() != ""
    assert page.get_by_test_id("hours").locator("tr").count() == 7
    assert "Spectacol de Crăciun" in page.get_by_test_id("institution-events").inner_text()
