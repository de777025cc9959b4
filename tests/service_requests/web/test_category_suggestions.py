"""The report form suggests three categories for the resident's description."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from smartcity.service_requests import classifier, history, throttle
from smartcity.service_requests.models import ServiceCategory, ServiceRequest


@pytest.fixture
def trained(balti):
    history.requests_generate(count=1500, seed=5)
    classifier.classifier_train(held_out=0)
    cache.clear()


ADDRESS = "lângă școala nr. 6, intrarea din spate"


def _filed() -> int:
    """Reports from this test's address (the history's are elsewhere)."""
    return ServiceRequest.objects.filter(address=ADDRESS).count()


def _suggested(page: str) -> list[str]:
    return re.findall(r'data-code="([a-z-]+)"', page)


def _form(**changes) -> dict:
    data = {
        "category": "",
        "latitude": "47.7617",
        "longitude": "27.9289",
        "address": ADDRESS,
        "description": "Nu avem apă caldă de o săptămână, doar rece",
        "submission": "s-2",
    }
    data.update(changes)
    return data


def test_the_suggestions_are_three_ranked_categories_with_the_likeliest_first(client, trained):
    page = client.get(
        "/requests/new/suggestions/", {"description": "нет горячей воды уже неделю"}
    ).content.decode()
    codes = _suggested(page)
    assert len(codes) == 3 == len(set(codes))
    assert codes[0] == "no-hot-water"
    # Buttons that only set the category: the form's script asked, Enter still sends.
    assert page.count('type="button"') == 3
    assert "<legend>" in page


def test_the_suggestions_follow_the_classifiers_ranking(client, trained):
    text = "groapă mare în asfalt pe Decebal"
    expected = [s.category.code for s in classifier.category_suggestions(text, limit=3)]
    page = client.get("/requests/new/suggestions/", {"description": text}).content.decode()
    assert _suggested(page) == expected


def test_russian_typed_in_latin_letters_gets_suggestions_too(client, trained):
    page = client.get(
        "/requests/new/suggestions/", {"description": "net goriachei vody"}
    ).content.decode()
    assert len(_suggested(page)) == 3


@pytest.mark.parametrize("description", ["", "   "])
def test_no_suggestions_for_an_empty_description(client, trained, description):
    page = client.get("/requests/new/suggestions/", {"description": description})
    assert page.status_code == 200
    assert _suggested(page.content.decode()) == []


def test_no_suggestions_before_the_classifier_is_trained(client, balti):
    page = client.get("/requests/new/suggestions/", {"description": "groapa"})
    assert page.status_code == 200
    assert _suggested(page.content.decode()) == []


def test_without_javascript_the_form_comes_back_with_suggestions_and_files_nothing(client, trained):
    response = client.post("/requests/new/", _form(suggest="1"))
    page = response.content.decode()
    assert response.status_code == 200
    assert _suggested(page)[0] == "no-hot-water"
    assert page.count('name="suggested_category"') == 3
    assert 'type="submit" name="suggested_category"' in page
    assert "Nu avem apă caldă de o săptămână" in page  # what was typed stays
    assert ADDRESS in page
    assert 'class="errorlist"' not in page
    assert _filed() == 0


def _answers(category: ServiceCategory) -> dict:
    """An answer to each required extra question of the category, as a resident gives it."""
    return {
        f"attr_{a.code}": a.values.first().key if a.values.exists() else "1"
        for a in category.attributes.filter(variable=True, required=True)
    }


def test_without_javascript_a_chosen_suggestion_sets_the_category_then_the_report_is_filed(
    client, trained
):
    second = ServiceCategory.objects.get(
        code=classifier.category_suggestions(_form()["description"])[1].category.code
    )
    page = client.post("/requests/new/", _form(suggested_category=str(second.pk))).content
    selected = re.search(rb'<option value="(\d+)" selected>', page)
    assert selected and int(selected.group(1)) == second.pk
    assert f'value="{second.pk}" formnovalidate'.encode() in page
    assert _filed() == 0
    response = client.post("/requests/new/", _form(category=second.pk, **_answers(second)))
    assert response.status_code == 302
    assert ServiceRequest.objects.get(address=ADDRESS).category == second


def test_a_junk_suggested_category_only_shows_the_form_again(client, trained):
    response = client.post("/requests/new/", _form(suggested_category="<x>"))
    assert response.status_code == 200
    assert _filed() == 0


def test_past_the_hourly_limit_suggestions_are_refused_with_a_note_and_the_form_still_works(
    client, trained, monkeypatch
):
    monkeypatch.setattr(throttle, "SUGGESTIONS_PER_HOUR", 2)
    for _ in range(2):
        asked = client.get("/requests/new/suggestions/", {"description": "nu arde felinarul"})
        assert asked.status_code == 200 and _suggested(asked.text)

    refused = client.get("/requests/new/suggestions/", {"description": "nu arde felinarul"})
    without_javascript = client.post("/requests/new/", _form(suggest="1"))

    assert refused.status_code == 429 and not _suggested(refused.text)
    assert 'data-testid="suggestions-refused"' in refused.text
    assert without_javascript.status_code == 429
    assert 'data-testid="suggestions-refused"' in without_javascript.text
    assert 'name="description"' in without_javascript.text
    assert _filed() == 0
