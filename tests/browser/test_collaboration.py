"""A project idea's whole path in a real browser: a partner drafts it (the draft survives a
reload) and submits it, the letter's PDF names its number and the title with Romanian
diacritics, the Mayor's office records the receipt, assigns an evaluator and accepts it,
and the public sees the joint project and its timeline."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from pypdf import PdfReader

from smartcity.city import demo as city_demo
from smartcity.collaboration import demo as collaboration_demo
from smartcity.collaboration.models import ProjectIdea
from smartcity.service_requests import demo as requests_demo
from tests.second_factor import browser_log_in

TITLE = "Școală digitală în Bălțiul Nou: tablete și rețea"


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


def _draft_and_submit(page) -> ProjectIdea:
    _log_in(page, "partener")
    page.goto("/collaboration/ideas/")
    page.get_by_test_id("my-ideas").click()
    page.get_by_test_id("idea-new").click()
    page.wait_for_load_state("load")  # htmx is there before we type
    page.fill("#id_title", TITLE)  # typing alone saves, a second after the last key
    page.wait_for_selector('[data-testid="autosave-status"]')
    page.reload()
    assert page.input_value("#id_title") == TITLE  # the draft was kept

    page.get_by_test_id("idea-submit").click()
    assert page.get_by_test_id("idea-errors").is_visible()  # incomplete: said why
    page.select_option("#id_domain", "education")
    page.fill("#id_problem", "Elevii din Bălțiul Nou nu au acces la lecții digitale în clasă.")
    page.fill("#id_solution", "Rețea Wi-Fi și 60 de tablete pentru liceul din cartier.")
    page.fill("#id_cost_estimate", "480 000")
    page.fill("#id_timeline", "Februarie–iunie")
    page.fill("#id_annexes", "Deviz estimativ")
    page.get_by_test_id("idea-submit").click()
    page.wait_for_selector('[data-testid="idea-status"][data-status="submitted"]')
    return ProjectIdea.objects.get(title=TITLE)


def test_an_idea_goes_from_draft_through_its_letter_to_a_joint_project(page, partnership):
    idea = _draft_and_submit(page)
    number = idea.letter.number
    assert page.get_by_test_id("letter").inner_text().count(number) == 1

    href = page.get_by_test_id("letter-pdf").get_attribute("href")
    response = page.request.get(href)
    assert response.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert number in text and TITLE in text

    _log_in(page, "cabinet")
    page.goto("/collaboration/office/")
    page.locator(f'[data-testid="office-letter"][data-number="{number}"] a').click()
    page.fill("#id_received_on", idea.letter.registered_at.date().isoformat())
    page.fill("#id_incoming_number", "02/1-15-341")
    page.get_by_test_id("receipt-submit").click()
    assert "02/1-15-341" in page.get_by_test_id("letter").inner_text()
    page.get_by_test_id("assign-form").locator("select").select_option(label="Irina Sîrbu")
    page.get_by_test_id("assign-submit").click()
    page.wait_for_selector('[data-testid="idea-status"][data-status="under_evaluation"]')
    page.check("#id_answer-decision_0")
    page.fill("#id_answer-text", "Se finanțează din bugetul municipal.")
    page.fill("#id_answer-cost", "450000")
    page.fill("#id_answer-starts", "2027-02-01")
    page.fill("#id_answer-ends", "2027-06-30")
    page.get_by_test_id("answer-submit").click()
    page.wait_for_selector('[data-testid="idea-status"][data-status="accepted"]')

    page.context.clear_cookies()
    page.goto(f"/collaboration/ideas/{idea.pk}/")
    assert "Se finanțează din bugetul municipal." in page.get_by_test_id("idea-answer").inner_text()
    page.get_by_test_id("idea-project").click()
    assert page.get_by_test_id("project-title").inner_text() == TITLE
    timeline = page.get_by_test_id("timeline").inner_text()
    assert number in timeline and "01.02.2027" in timeline
