"""The shipped questionnaire and classification, and how one answer is checked."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from smartcity.skills import services
from smartcity.skills.models import Occupation, Question, Skill, Survey
from smartcity.skills.questionnaire import answer_clean, is_shown, structure_of


def test_the_classification_has_the_ict_and_engineering_isco_groups_with_esco_uris(survey):
    codes = set(Occupation.objects.values_list("code", flat=True))
    expected = {"1330", "2144", "2149", "2151", "2152", "2153"}
    expected |= {"2511", "2512", "2513", "2514", "2519", "2521", "2522", "2523", "2529"}
    expected |= {"3113", "3114", "3115", "3511", "3512", "3513", "3514", "3521", "3522"}
    assert codes == expected
    for occupation in Occupation.objects.all():
        assert occupation.esco_uri == f"http://data.europa.eu/esco/isco/C{occupation.code}"
        assert occupation.title_ro and occupation.title_en and occupation.title_ru
    assert Skill.objects.count() >= 30


def test_occupation_titles_follow_the_language(survey):
    occupation = Occupation.objects.get(code="2512")
    with translation.override("ro"):
        assert occupation.title == "Dezvoltatori de software"
    with translation.override("en"):
        assert occupation.title == "Software developers"


def test_loading_twice_keeps_one_survey_and_one_row_per_occupation(survey):
    services.classification_load()
    services.questionnaire_load()
    assert Survey.objects.count() == 1
    assert Occupation.objects.filter(code="2512").count() == 1


def test_the_questionnaire_covers_every_question_type_and_the_study_topics(survey):
    questions = Question.objects.filter(section__survey=survey)
    assert set(questions.values_list("kind", flat=True)) == set(Question.Kind.values)
    codes = set(questions.values_list("code", flat=True))
    assert {"sector", "size", "staff", "hard_to_fill", "skills_staff", "skills_graduates"} <= codes
    assert {"training_forms", "cooperates", "cooperation_with"} <= codes


@pytest.fixture
def items(survey):
    return structure_of(survey).by_code()


def test_a_matrix_of_staff_has_the_occupations_as_rows(items):
    staff = items["staff"]
    assert [code for code, _l in staff.choices] == ["current", "vacant", "hire_1y", "hire_3y"]
    assert ("2512", "2512 Dezvoltatori de software") in staff.rows


@pytest.mark.parametrize(
    ("code", "raw", "stored"),
    [
        ("sector", "software", "software"),
        ("training_forms", ["dual", "internships"], ["internships", "dual"]),
        ("graduate_readiness", "5", 5),
        ("comments", "  Avem nevoie de practicanți.  ", "Avem nevoie de practicanți."),
        ("staff", {"2512:current": "6", "2512:vacant": ""}, {"2512": {"current": 6}}),
        ("skills_staff", {"devops": "lacking"}, {"devops": "lacking"}),
        ("sector", "", None),
    ],
)
def test_a_valid_answer_is_stored_in_its_type(items, code, raw, stored):
    assert answer_clean(items[code], raw) == stored


@pytest.mark.parametrize(
    ("code", "raw", "message"),
    [
        ("sector", "mining", "Choose one of the options shown."),
        ("training_forms", ["dual", "golf"], "Choose among the options shown."),
        ("graduate_readiness", "9", "Choose a value on the scale."),
        ("staff", {"2512:current": "-1"}, "Enter a number of at least 0."),
        ("staff", {"2512:current": "1.5"}, "Enter a whole number."),
        ("staff", {"2512:current": "multi"}, "Enter a whole number."),
        ("staff", {"2512:current": "90000"}, "Enter a number of at most 5000."),
        ("staff", {"9999:current": "1"}, "This table has no such cell."),
        ("skills_staff", {"devops": "maybe"}, "Choose one of the options shown."),
        ("comments", "x" * 2001, "Write at most 2000 characters."),
    ],
)
def test_an_answer_that_does_not_fit_is_refused_with_a_reason(items, code, raw, message):
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            answer_clean(items[code], raw)
        assert refused.value.messages == [message]


def test_refusals_are_translated_into_romanian(items):
    with translation.override("ro"):
        with pytest.raises(ValidationError) as refused:
            answer_clean(items["graduate_readiness"], "9")
        assert refused.value.messages[0] != "Choose a value on the scale."


def test_a_conditional_question_is_shown_only_for_the_listed_answers(items):
    hard = items["hard_to_fill"]
    assert not is_shown(hard, {})
    assert not is_shown(hard, {"has_hard_to_fill": "no"})
    assert is_shown(hard, {"has_hard_to_fill": "yes"})
    assert is_shown(items["sector"], {})


def test_a_question_cannot_depend_on_itself_or_have_an_inverted_range(items):
    question = items["staff"].question
    question.min_value, question.max_value = 10, 1
    with pytest.raises(ValidationError):
        question.clean()
    sector = items["sector"].question
    sector.show_if_question = sector
    sector.show_if_values = ["x"]
    with pytest.raises(ValidationError):
        sector.clean()
