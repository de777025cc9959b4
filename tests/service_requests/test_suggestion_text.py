"""How the suggestions read a text: places and numbers blanked, Russian in Latin letters."""

from __future__ import annotations

import pytest

from smartcity.service_requests.suggestion_text import report_text_fold, report_text_latin


@pytest.mark.parametrize(
    "typed, read",
    [
        ("Groapă pe str. Ștefan cel Mare 12", "groapa pe str."),
        ("groapa pe bd Victoriei in Dacia", "groapa pe in"),
        ("Яма на Сорокской возле дома 7", "яма на возле дома"),
        ("нет света в Новых Бельцах и на Дечебала", "нет света в и на"),
        ("Fântâna din Bălțiul Nou, lângă Autogară", "fantana din , langa"),
    ],
)
def test_places_and_numbers_say_nothing_of_the_problem(typed, read):
    assert report_text_fold(typed) == read


def test_words_that_only_contain_a_place_name_are_kept():
    assert report_text_fold("dacian balti") == "dacian"  # whole words only
    assert report_text_fold("подачи воды нет") == "подачи воды нет"


@pytest.mark.parametrize(
    "cyrillic, latin",
    [
        ("нет горячей воды", "net goriachei vody"),
        ("нет горячей воды", "net gorjachej vody"),
        ("не горит фонарь", "ne gorit fonar"),
        ("канализация забита", "kanalizacija zabita"),
        ("течёт крыша", "techet krysha"),
    ],
)
def test_russian_in_latin_letters_reads_as_the_same_russian(cyrillic, latin):
    assert report_text_latin(cyrillic) == report_text_latin(latin)
