"""The ecosystem and events in a real browser: the public map of organisations (Leaflet,
no map tiles fetched), and an organiser announcing an event and sharing its minutes and
a document afterwards."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from smartcity.city import demo as city_demo
from smartcity.collaboration import demo as collaboration_demo
from smartcity.collaboration.models import Event, EventDocument, Organisation
from smartcity.service_requests import demo as requests_demo
from tests.second_factor import browser_log_in

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def partnership(transactional_db):
    city_demo.city_load()
    requests_demo.categories_load()
    collaboration_demo.criteria_load()
    collaboration_demo.members_load()
    cache.clear()


def _log_in(page, username: str) -> None:
    page.context.clear_cookies()
    browser_log_in(page, username, city_demo.DEMO_PASSWORD)


def test_the_public_map_shows_the_organisations_that_have_a_location(page, partnership):
    Organisation.objects.create(
        name="Universitatea de Stat „Alecu Russo”",
        kind="academia",
        latitude=47.7569,
        longitude=27.9256,
        center_relation="partner",
    )
    Organisation.objects.create(
        name="Tehnologii Nord", kind="business", latitude=47.7601, longitude=27.9302
    )
    Organisation.objects.create(name="Fără adresă", kind="ngo")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto("/collaboration/organisations/")
    markers = page.locator("#organisations-map path.leaflet-interactive")
    markers.first.wait_for()
    assert markers.count() == 2
    assert page.get_by_test_id("organisation-row").count() == 3
    markers.first.click(force=True)
    popup = page.locator(".leaflet-popup-content a")
    popup.wait_for()
    assert popup.get_attribute("href").startswith("/collaboration/organisations/")
    base = page.url.split("/collaboration/")[0]
    assert all(url.startswith(base) for url in requested)  # no tile server asked


def test_an_organiser_announces_an_event_then_shares_its_minutes_and_a_document(
    page, partnership, tmp_path
):
    _log_in(page, "partener")
    page.goto("/collaboration/events/")
    page.get_by_test_id("event-create").click()
    yesterday = timezone.localtime() - datetime.timedelta(days=1)
    page.fill("#id_title", "Atelier: bugetarea participativă în Bălți")
    page.select_option("#id_kind", "workshop")
    page.fill("#id_starts_at", yesterday.strftime("%Y-%m-%dT10:00"))
    page.fill("#id_ends_at", yesterday.strftime("%Y-%m-%dT09:00"))  # before it starts
    page.fill("#id_place", "Primăria Bălți")
    page.locator('[data-testid="event-form"] button[type=submit]').click()
    assert "Evenimentul se termină înainte de a începe." in page.content()
    page.fill("#id_ends_at", yesterday.strftime("%Y-%m-%dT13:00"))
    page.locator('[data-testid="event-form"] button[type=submit]').click()
    page.get_by_test_id("organiser-links").wait_for()
    event = Event.objects.get()

    page.get_by_test_id("organiser-links").get_by_role("link").last.click()
    page.fill("#id_minutes-minutes", "Participanții au ales trei priorități pentru 2027.")
    page.locator('[data-testid="minutes-form"] button[type=submit]').click()
    document = tmp_path / "concluzii.pdf"
    document.write_bytes(PDF)
    page.fill("#id_document-title", "Concluziile atelierului")
    page.set_input_files("#id_document-file", str(document))
    page.locator('[data-testid="document-form"] button[type=submit]').click()
    page.get_by_test_id("document-row").wait_for()

    page.context.clear_cookies()
    page.goto(f"/collaboration/events/{event.pk}/")
    assert "trei priorități" in page.get_by_test_id("event-minutes").inner_text()
    link = page.get_by_test_id("event-documents").get_by_role("link")
    assert link.inner_text() == "Concluziile atelierului"
    response = page.request.get(link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    assert response.body() == PDF
    assert EventDocument.objects.get().uploaded_by.username == "partener"
