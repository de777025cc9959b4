"""Category suggestions learned from the city's own history of categorised reports.

Residents write Romanian with or without diacritics (and with the old cedilla letters
ş ţ), Russian with or without ё, sometimes in Latin letters. Texts are normalised to one
form, then character n-grams (robust to typos and endings) and word n-grams feed a
linear model with calibrated probabilities, so the confidence shown to staff means
what it says.

The pickled model is produced by this platform and stored in its own database; it is
never loaded from anywhere else (unpickling untrusted data would run code).
"""

from __future__ import annotations

import datetime
import pickle
import threading
from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.utils import timezone

from smartcity.city.models import Department
from smartcity.city.text import text_fold
from smartcity.service_requests.models import (
    CategoryClassifier,
    ClosureReason,
    ServiceCategory,
    ServiceRequest,
)
from smartcity.service_requests.suggestion_model import CategoryModel
from smartcity.service_requests.suggestion_text import report_text_fold, report_text_latin

MIN_SAMPLES = 30


def text_normalise(text: str) -> str:
    """The classifier's view of a text: folded as `city.text.text_fold` does."""
    return text_fold(text)


@dataclass(frozen=True)
class Suggestion:
    category: ServiceCategory
    department: Department
    confidence: float


@dataclass(frozen=True)
class TrainingResult:
    classifier: CategoryClassifier
    samples: int
    top1: float | None
    top3: float | None


def _pipeline():  # noqa: ANN202 - an sklearn Pipeline
    # scikit-learn (with SciPy) is imported where it is used: a web process that never
    # trains or suggests does not carry it (it is most of a process's memory).
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, make_pipeline
    from sklearn.svm import LinearSVC

    # Module-level functions of suggestion_text (no lambdas, nothing of Django's models),
    # so that the stored model loads anywhere.
    def chars(preprocessor):  # noqa: ANN001, ANN202
        return TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(2, 5),
            sublinear_tf=True,
            preprocessor=preprocessor,
        )

    features = FeatureUnion(
        [
            ("chars", chars(report_text_fold)),
            (
                "words",
                TfidfVectorizer(
                    analyzer="word",
                    ngram_range=(1, 2),
                    sublinear_tf=True,
                    preprocessor=report_text_fold,
                ),
            ),
            # Russian typed in Latin letters meets the Cyrillic Russian of the history.
            ("latin", chars(report_text_latin)),
        ]
    )
    return make_pipeline(features, CalibratedClassifierCV(LinearSVC(C=0.5), cv=3))


def training_samples() -> tuple[list[str], list[str]]:
    """(texts, category codes) of the history, one sample per distinct normalised text.

    A request's final category counts (a re-categorised report teaches the right one);
    duplicates and hidden requests are left out. Distinct texts keep the held-out split
    honest: the same words never sit on both sides of it.
    """
    rows = (
        ServiceRequest.objects.filter(is_hidden=False)
        .exclude(closure_reason=ClosureReason.DUPLICATE)
        .order_by("-updated_at")
        .values_list("description", "category__code")
    )
    seen: dict[str, tuple[str, str]] = {}
    for description, code in rows.iterator(chunk_size=2000):
        key = text_normalise(description)
        if key and key not in seen:
            seen[key] = (description, code)
    texts = [pair[0] for pair in seen.values()]
    codes = [pair[1] for pair in seen.values()]
    return texts, codes


def _top_k_accuracy(model, texts: list[str], codes: list[str], k: int) -> float:  # noqa: ANN001
    probabilities = model.predict_proba(texts)
    top = np.argsort(probabilities, axis=1)[:, ::-1][:, :k]
    classes = model.classes_
    hits = sum(code in classes[row] for code, row in zip(codes, top, strict=True))
    return hits / len(codes)


def classifier_train(*, held_out: float = 0.2, seed: int = 0) -> TrainingResult:
    """Train on the history, measure on a held-out share, refit on all, store the model.

    Raises ValueError when the history is too small to learn from.
    """
    from sklearn.model_selection import train_test_split

    texts, codes = training_samples()
    counts = {code: codes.count(code) for code in set(codes)}
    if len(texts) < MIN_SAMPLES or len(counts) < 2:
        raise ValueError(
            f"Too little history to train on: {len(texts)} distinct reports in "
            f"{len(counts)} categories (at least {MIN_SAMPLES} in 2 are needed)."
        )
    top1 = top3 = None
    # Categories too rare to split stay out of the measurement but in the final model.
    measurable = [i for i, code in enumerate(codes) if counts[code] >= 5]
    if held_out and len(measurable) >= MIN_SAMPLES:
        m_texts = [texts[i] for i in measurable]
        m_codes = [codes[i] for i in measurable]
        train_x, test_x, train_y, test_y = train_test_split(
            m_texts, m_codes, test_size=held_out, random_state=seed, stratify=m_codes
        )
        model = _pipeline().fit(train_x, train_y)
        top1 = _top_k_accuracy(model, test_x, test_y, 1)
        top3 = _top_k_accuracy(model, test_x, test_y, 3)
    model = _pipeline().fit(texts, codes)
    with transaction.atomic():
        stored = CategoryClassifier.objects.create(
            trained_at=timezone.now(),
            sample_count=len(texts),
            held_out_accuracy=top1,
            # Stored in the form that predicts without scikit-learn (suggestion_model).
            model=pickle.dumps(
                CategoryModel.from_pipeline(model), protocol=pickle.HIGHEST_PROTOCOL
            ),
        )
    return TrainingResult(classifier=stored, samples=len(texts), top1=top1, top3=top3)


@dataclass
class _Loaded:
    """The model this process unpickled, and the stored classifier it came from."""

    id: int | None = None
    model: CategoryModel | None = None


_loaded = _Loaded()
_lock = threading.Lock()


def _current_model() -> CategoryModel | None:
    """The newest stored model, unpickled once per process and per training.

    A model stored before suggestion_model existed is a scikit-learn pipeline: it is read
    once (importing scikit-learn in this process) and turned into the light form.
    """
    latest = (
        CategoryClassifier.objects.order_by("-trained_at", "-id")
        .values_list("pk", flat=True)
        .first()
    )
    if latest is None:
        return None
    with _lock:
        if _loaded.id != latest:
            blob = CategoryClassifier.objects.values_list("model", flat=True).get(pk=latest)
            model = pickle.loads(bytes(blob))  # noqa: S301 - ours
            if not isinstance(model, CategoryModel):
                model = CategoryModel.from_pipeline(model)
            _loaded.id, _loaded.model = latest, model
        return _loaded.model


def category_suggestions(text: str, limit: int = 3) -> list[Suggestion]:
    """The most likely categories of a report's text, best first, with confidences.

    Empty when no model is trained yet or the text is empty. Categories no longer
    active are never suggested.
    """
    text = (text or "").strip()
    if not text:
        return []
    model = _current_model()
    if model is None:
        return []
    probabilities = model.predict_proba([text])[0]
    ranked = sorted(zip(model.classes, probabilities, strict=True), key=lambda p: -p[1])
    categories = {
        c.code: c
        for c in ServiceCategory.objects.filter(
            code__in=[code for code, _p in ranked], is_active=True
        ).select_related("department")
    }
    suggestions = [
        Suggestion(
            category=categories[code],
            department=categories[code].department,
            confidence=round(float(p), 4),
        )
        for code, p in ranked
        if code in categories
    ]
    return suggestions[:limit]


def trained_at() -> datetime.datetime | None:
    return (
        CategoryClassifier.objects.order_by("-trained_at")
        .values_list("trained_at", flat=True)
        .first()
    )
