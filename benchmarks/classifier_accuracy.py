"""Accuracy of the category suggestions: on the demo history and on residents' own words.

Run inside a configured Django process whose database holds the generated history
(benchmarks.service_requests does this). Two figures:

- the split of the history by distinct text (`classifier_train`'s held-out fifth): the
  corpus was written from phrase variations, so it flatters the model;
- texts kept apart from everything the model learns from or was tuned on
  (data/report_texts_heldout.tsv), read by the model the platform stores and serves,
  and the development texts (data/report_texts_dev.tsv) the features were tuned on;
- the confirmation texts (data/report_texts_confirmation.tsv), written later by someone who
  had seen neither the training data, the other sets, the classifier's code nor a score:
  the independent check of the held-out figure.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

DATA = Path(__file__).parent / "data"
HELD_OUT = DATA / "report_texts_heldout.tsv"
DEV = DATA / "report_texts_dev.tsv"
CONFIRMATION = DATA / "report_texts_confirmation.tsv"


def labelled_texts(path: Path) -> list[tuple[str, str]]:
    """(category code, text) rows of a benchmark file; lines starting with # are notes."""
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return [(row["category"], row["text"]) for row in csv.DictReader(lines, delimiter="\t")]


def classifier_accuracy(seed: int = 0) -> dict:
    from smartcity.service_requests import classifier

    result = classifier.classifier_train(seed=seed)
    return {"samples": result.samples, "top1": result.top1, "top3": result.top3}


def residents_texts_accuracy(path: Path = HELD_OUT) -> dict:
    """Top-1 and top-3 of the stored model's suggestions on a file of labelled texts.

    Through `category_suggestions`, as the report form asks: a text with fewer than
    three suggestions counts as missed for what is not suggested. `confused` counts
    (expected, first suggested) pairs of the misses, most frequent first.
    """
    from smartcity.service_requests.classifier import category_suggestions

    rows = labelled_texts(path)
    top1 = top3 = 0
    confused: Counter[tuple[str, str]] = Counter()
    unsuggested = 0
    for code, text in rows:
        ranked = [s.category.code for s in category_suggestions(text, limit=3)]
        if not ranked:
            unsuggested += 1
        top1 += bool(ranked) and ranked[0] == code
        top3 += code in ranked
        if ranked and ranked[0] != code:
            confused[(code, ranked[0])] += 1
    return {
        "texts": len(rows),
        "top1": top1 / len(rows),
        "top3": top3 / len(rows),
        "unsuggested": unsuggested,
        "confused": confused.most_common(),
    }
