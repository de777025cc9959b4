"""How the category suggestions read a resident's text.

Two views of one text feed the model. `report_text_fold` folds it as `city.text.text_fold`
does and blanks the names of Bălți's streets, districts and landmarks, in Romanian and in
Russian: a street says where a problem is, never what it is, and left in, the streets
that happen to be frequent in one category's history pull unrelated reports towards it.
Numbers (houses, blocks, days) are blanked for the same reason.

`report_text_latin` is the same text in Latin letters, so that Russian typed in Latin
letters ("net goriachei vody") meets the Cyrillic Russian the model learned from.

Stored models refer to these functions by name: they must stay importable without
Django (this module imports nothing but the standard library and city.text).
"""

from __future__ import annotations

import re

from smartcity.city.text import text_fold

# Folded forms (no diacritics, lowercase, е for ё); Russian stems take any ending.
_PLACES_RO = [
    r"stefan cel mare",
    r"(piata )?independentei",
    r"decebal\w*",
    r"(bd\.? |bulevardul )?victoriei",
    r"sorocii",
    r"kiev\w*",
    r"pu[sş]h?kin\w*",
    r"(sf\.? |sfantul )?nicolae",
    r"bulgar[ae]",
    r"alexandru cel bun",
    r"(i\. ?)?franko",
    r"feroviarilor",
    r"cahul\w*",
    r"konev\w*",
    r"31 august",
    r"(iu\. ?)?gagarin\w*",
    r"(m\. ?)?lesecico",
    r"caraciobanu",
    r"dacia",
    r"baltiul nou",
    r"molodova",
    r"pamanteni",
    r"slobozia",
    r"gara de nord",
    r"cartierul 8",
    r"autogar\w*",
    r"aeroport\w*",
    r"(piata )?baidukov\w*",
    r"elizaveta",
    r"sadovoe",
    r"balti\w*",
    r"raut\w*",
]
_PLACES_RU = [
    r"штефан чел маре",
    r"индепенденцей",
    r"дечебал\w*",
    r"победы",
    r"сорокск\w*",
    r"киевск\w*",
    r"пушкин\w*",
    r"(святого )?николая",
    r"болгарск\w*",
    r"александру чел бун",
    r"франко",
    r"феровиарилор",
    r"железнодорожн\w*",
    r"кагульск\w*",
    r"конев\w*",
    r"31 августа",
    r"гагарин\w*",
    r"лешекико",
    r"каракиобану",
    r"дачи[яи]\w*",
    r"нов\w* бельц\w*",
    r"молодов\w*",
    r"пэмынтен\w*",
    r"слободз\w*",
    r"северн\w* вокзал\w*",
    r"8-?\w* квартал\w*",
    r"автовокзал\w*",
    r"аэропорт\w*",
    r"байдуков\w*",
    r"елизавет\w*",
    r"садов(ое|ого|ом)",
    r"бельц\w*",
    r"реут\w*",
]
_PLACES = re.compile(r"(?<!\w)(" + "|".join(_PLACES_RO + _PLACES_RU) + r")(?!\w)")
_NUMBERS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")

_CYRILLIC_TO_LATIN = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "е": "e",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "i",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "h",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "sch",
        "ъ": "",
        "ы": "y",
        "ь": "",
        "э": "e",
        "ю": "iu",
        "я": "ia",
    }
)
# The spellings people use for one Russian sound in Latin letters, made one.
_LATIN_VARIANTS = [
    (re.compile(r"[jy](?=[aeiou])"), "i"),  # ja, ya → ia; ju, yu → iu
    (re.compile(r"j"), "i"),  # -ej, -yj, -ij endings
    (re.compile(r"kh"), "h"),
    (re.compile(r"shch"), "sch"),
    (re.compile(r"(?<=[ai])[iy](?![aeiou])"), "i"),  # -yi, -ii, -iy endings
    (re.compile(r"w"), "v"),
    (re.compile(r"x"), "h"),
    (re.compile(r"ts"), "c"),
    (re.compile(r"ii+"), "i"),
]


def report_text_fold(text: str) -> str:
    """The text folded, without place names or numbers, in single spaces."""
    folded = _NUMBERS.sub(" ", _PLACES.sub(" ", text_fold(text)))
    return _SPACES.sub(" ", folded).strip()


def report_text_latin(text: str) -> str:
    """`report_text_fold`'s text in Latin letters, with one spelling per Russian sound."""
    latin = report_text_fold(text).translate(_CYRILLIC_TO_LATIN)
    for pattern, replacement in _LATIN_VARIANTS:
        latin = pattern.sub(replacement, latin)
    return latin
