"""The texts the suggestions are measured on are kept apart from what they learn from."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

from benchmarks.classifier_accuracy import DEV, HELD_OUT, labelled_texts
from smartcity.city.text import text_fold
from smartcity.service_requests import history

# Trigram sets sharing this much are one text retyped or reworded: the texts written apart
# stay under it (the closest pair of the held-out and training texts shares 0.57).
NEAR_COPY = 0.6


def _trigrams(text: str) -> frozenset[str]:
    folded = f" {text_fold(text)} "
    return frozenset(folded[i : i + 3] for i in range(len(folded) - 2))


def _similarity(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b)


def _training_trigrams() -> list[frozenset[str]]:
    return [_trigrams(text) for _code, _language, text in history.report_texts()]


@pytest.mark.parametrize("path", [HELD_OUT, DEV], ids=["held-out", "dev"])
def test_no_test_text_or_near_copy_of_it_is_in_the_training_texts(path):
    training = _training_trigrams()
    copies = [
        text
        for _code, text in labelled_texts(path)
        if any(_similarity(_trigrams(text), seen) >= NEAR_COPY for seen in training)
    ]
    assert copies == []


def test_the_held_out_texts_are_not_the_dev_texts():
    dev = [_trigrams(text) for _code, text in labelled_texts(DEV)]
    copies = [
        text
        for _code, text in labelled_texts(HELD_OUT)
        if any(_similarity(_trigrams(text), seen) >= NEAR_COPY for seen in dev)
    ]
    assert copies == []


def test_the_held_out_set_covers_every_category_in_both_languages():
    file = Path(settings.SMARTCITY_CITY_DIR) / "categories.json"
    codes = {c["code"] for c in json.loads(file.read_text(encoding="utf-8"))}
    rows = labelled_texts(HELD_OUT)
    assert len(rows) >= 300
    assert {code for code, _text in rows} == codes
    cyrillic = Counter(code for code, text in rows if any("а" <= ch <= "я" for ch in text))
    assert set(cyrillic) == codes


def test_near_copies_are_recognised_as_such():
    a = _trigrams("Nu arde felinarul de lângă blocul nostru de o săptămână, e întuneric")
    copy = _trigrams("nu arde felinarul de langa blocul nostru de o saptamana!!")
    assert _similarity(a, copy) >= NEAR_COPY
    assert _similarity(a, _trigrams("liftul nu merge de o saptamana")) < NEAR_COPY
