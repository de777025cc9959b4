"""The skills study in a real browser, in Romanian: an enterprise opens its personal
link, answers (each answer saves itself), a conditional question appears only for the
answer it depends on, the answers survive a reload, a wrong number is refused with a
reason, and the submission is thanked; then the public results page with its charts."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from smartcity.collaboration.models import Organisation
from smartcity.skills import demo, services
from smartcity.skills.models import Answer, Response, StudyRound


@pytest.fixture
def invitation(transactional_db):
    services.classification_load()
    survey = services.questionnaire_load()
    now = timezone.now()
    study_round = StudyRound.objects.create(
        survey=survey,
        year=now.year,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
    )
    organisation = Organisation.objects.create(
        name="Nord Soft SRL (exemplu)", kind="business", email="contact@exemplu.md"
    )
    (created,) = services.invitations_create(round=study_round, organisations=[organisation])
    return created


def _answers(invitation):
    return dict(
        Answer.objects.filter(response__invitation=invitation).values_list(
            "question__code", "value"
        )
    )


def _saved(page, code):
    page.wait_for_selector(f'#saved-{code} [data-testid="autosave-status"]')


def test_an_enterprise_fills_the_survey_in_romanian(page, invitation):
    page.goto(f"/skills/r/{invitation.token}/")
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == "ro"
    assert page.get_by_text("În ce sector activează întreprinderea?").is_visible()

    page.get_by_label("dezvoltare software și servicii IT").check()
    _saved(page, "sector")
    page.get_by_label("10–49").check()
    _saved(page, "size")
    page.fill('[name="q-staff-2512:current"]', "6")
    page.fill('[name="q-staff-2512:hire_1y"]', "2")  # typing alone saves, a second later
    # A locator, not wait_for_function: that evaluates a string, which the CSP forbids.
    page.locator("#saved-staff [data-testid=autosave-status]").wait_for(state="attached")
    hard = page.get_by_test_id("question-hard_to_fill")
    assert not hard.is_visible()  # asked only when there are hard-to-fill posts
    page.locator('[name="q-has_hard_to_fill"][value="yes"]').check()
    assert hard.is_visible()
    _saved(page, "has_hard_to_fill")
    hard.get_by_label("2512 Dezvoltatori de software").check()
    _saved(page, "hard_to_fill")

    page.reload()
    assert page.locator('[name="q-staff-2512:current"]').input_value() == "6"
    assert page.get_by_test_id("question-hard_to_fill").is_visible()
    assert _answers(invitation)["staff"] == {"2512": {"current": 6, "hire_1y": 2}}

    page.fill('[name="q-interns"]', "-3")
    page.wait_for_selector('#saved-interns [data-testid="autosave-error"]')
    assert "cel puțin 0" in page.locator("#saved-interns").inner_text()
    page.fill('[name="q-interns"]', "2")
    _saved(page, "interns")

    page.get_by_test_id("survey-submit").click()
    assert page.get_by_test_id("form-errors").is_visible()  # required answers missing
    assert page.get_by_test_id("error-cooperates").is_visible()
    page.locator('[name="q-skills_staff-programming-python"][value="lacking"]').check()
    page.locator('[name="q-graduate_readiness"][value="3"]').check()
    page.get_by_label("stagii de practică").check()
    page.locator('[name="q-cooperates"][value="no"]').check()
    assert not page.get_by_test_id("question-cooperation_with").is_visible()
    page.locator('[name="q-cooperation_interest"][value="4"]').check()
    page.get_by_test_id("survey-submit").click()
    page.wait_for_selector('[data-testid="submitted"]')
    assert Response.objects.get(invitation=invitation).submitted_at is not None
    assert _answers(invitation)["hard_to_fill"] == ["2512"]


def test_the_public_results_page_shows_charts_and_the_report(page, transactional_db):
    demo.skills_load(seed=11)
    page.goto("/")
    page.get_by_test_id("nav-skills").click()
    assert page.get_by_role("heading", name="Studiul competențelor IT și de inginerie").is_visible()
    assert page.get_by_test_id("chart-occupations").is_visible()
    assert page.get_by_test_id("chart-skills").is_visible()
    assert page.get_by_test_id("esco-notice").is_visible()
    assert "(exemplu)" not in page.content()
    href = page.get_by_test_id("report-pdf").get_attribute("href")
    assert page.request.get(href).status == 202  # being drawn (at once, by the test backend)
    response = page.request.get(href)
    assert response.headers["content-type"] == "application/pdf"
    page.select_option("#year", str(timezone.now().year))
    page.get_by_role("button", name="Afișați").click()
    assert page.get_by_test_id("round-open").is_visible()  # published when it closes
    page.select_option("#year", str(timezone.now().year - 2))
    page.get_by_role("button", name="Afișați").click()
    assert page.get_by_test_id("rounds-compared").is_visible()
