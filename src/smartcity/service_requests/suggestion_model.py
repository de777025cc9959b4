"""The trained category classifier in a form that predicts with NumPy alone.

Training uses scikit-learn (TF-IDF features, a linear SVM, sigmoid calibration over
cross-validation folds). Predicting needs none of it: what the fitted pipeline computes
for one text is a few dictionary look-ups, a sparse dot product per fold and a logistic
function. A web process that suggests categories therefore never imports scikit-learn
and SciPy, which would be most of its memory (issue 12's 150 MB bar).

`CategoryModel.from_pipeline` reads the fitted pipeline once, after training; its
`predict_proba` gives the same probabilities as the pipeline's (tested to 1e-9).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

_WHITE_SPACES = re.compile(r"\s\s+")


@dataclass(frozen=True)
class TextFeatures:
    """One TF-IDF vectoriser: how a text becomes terms, and each term's column and weight."""

    analyzer: str  # "char_wb" or "word", as scikit-learn names them
    ngram_range: tuple[int, int]
    token_pattern: str
    sublinear_tf: bool
    vocabulary: dict[str, int]
    idf: np.ndarray
    # None: the model's own preprocessor (models stored before features had their own).
    preprocessor: Callable[[str], str] | None = None

    def terms(self, text: str) -> list[str]:
        low, high = self.ngram_range
        if self.analyzer == "char_wb":
            return _char_wb_ngrams(text, low, high)
        return _word_ngrams(re.findall(self.token_pattern, text), low, high)

    def weights(self, text: str) -> dict[int, float]:
        """The text's l2-normalised TF-IDF vector over known terms, as {column: weight}."""
        counts = Counter(self.vocabulary[t] for t in self.terms(text) if t in self.vocabulary)
        vector = {}
        for column, count in counts.items():
            tf = 1.0 + math.log(count) if self.sublinear_tf else float(count)
            vector[column] = tf * float(self.idf[column])
        norm = math.sqrt(sum(w * w for w in vector.values()))
        return {c: w / norm for c, w in vector.items()} if norm else {}


@dataclass(frozen=True)
class CalibratedFold:
    """One cross-validation fold: a linear SVM and one sigmoid per class it saw."""

    coef: np.ndarray  # (features, rows): one column per decision function
    intercept: np.ndarray  # (rows,)
    class_indices: np.ndarray  # (rows,): the column in `CategoryModel.classes` of each row
    sigmoid_a: np.ndarray  # (rows,)
    sigmoid_b: np.ndarray  # (rows,)


@dataclass(frozen=True)
class CategoryModel:
    classes: list[str]
    features: list[TextFeatures]
    folds: list[CalibratedFold]
    preprocessor: Callable[[str], str]

    @classmethod
    def from_pipeline(cls, pipeline) -> CategoryModel:  # noqa: ANN001 - an sklearn Pipeline
        union, calibrated = pipeline.steps[0][1], pipeline.steps[-1][1]
        vectorisers = [v for _name, v in union.transformer_list]
        features = [
            TextFeatures(
                analyzer=v.analyzer,
                ngram_range=tuple(v.ngram_range),
                token_pattern=v.token_pattern,
                sublinear_tf=v.sublinear_tf,
                vocabulary={term: int(i) for term, i in v.vocabulary_.items()},
                idf=np.asarray(v.idf_, dtype=np.float64),
                preprocessor=v.preprocessor,
            )
            for v in vectorisers
        ]
        classes = [str(c) for c in calibrated.classes_]
        position = {c: i for i, c in enumerate(classes)}
        folds = []
        for fold in calibrated.calibrated_classifiers_:
            svm = fold.estimator
            rows = [position[str(c)] for c in svm.classes_]
            if len(classes) == 2:
                rows = [1]  # a binary SVM has one decision function, for the second class
            folds.append(
                CalibratedFold(
                    # Transposed, so that a text's few columns are a few contiguous rows.
                    coef=np.ascontiguousarray(np.asarray(svm.coef_, dtype=np.float64).T),
                    intercept=np.asarray(svm.intercept_, dtype=np.float64),
                    class_indices=np.asarray(rows),
                    sigmoid_a=np.array([c.a_ for c in fold.calibrators], dtype=np.float64),
                    sigmoid_b=np.array([c.b_ for c in fold.calibrators], dtype=np.float64),
                )
            )
        preprocessor = vectorisers[0].preprocessor
        return cls(classes=classes, features=features, folds=folds, preprocessor=preprocessor)

    def _columns(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The text's non-zero feature columns and values, the vectorisers side by side."""
        columns: list[int] = []
        values: list[float] = []
        offset = 0
        views: dict[Callable[[str], str], str] = {}  # each view of the text made once
        for feature in self.features:
            preprocessor = feature.preprocessor or self.preprocessor
            if preprocessor not in views:
                views[preprocessor] = preprocessor(text)
            for column, weight in feature.weights(views[preprocessor]).items():
                columns.append(offset + column)
                values.append(weight)
            offset += len(feature.idf)
        return np.asarray(columns, dtype=np.intp), np.asarray(values, dtype=np.float64)

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """Each text's probability per class (columns in `classes` order), as calibrated."""
        n = len(self.classes)
        result = np.zeros((len(texts), n))
        for row, text in enumerate(texts):
            columns, values = self._columns(text)
            for fold in self.folds:
                decision = values @ fold.coef[columns] + fold.intercept
                proba = np.zeros(n)
                proba[fold.class_indices] = 1.0 / (
                    1.0 + np.exp(fold.sigmoid_a * decision + fold.sigmoid_b)
                )
                if n == 2:
                    proba[0] = 1.0 - proba[1]
                else:
                    total = proba.sum()
                    proba = proba / total if total else np.full(n, 1.0 / n)
                proba[(proba > 1.0) & (proba <= 1.0 + 1e-5)] = 1.0
                result[row] += proba
        return result / len(self.folds)


def _char_wb_ngrams(text: str, low: int, high: int) -> list[str]:
    # scikit-learn's "char_wb": n-grams inside words padded with one space each side; a
    # word shorter than n counts once as a whole.
    ngrams = []
    for word in _WHITE_SPACES.sub(" ", text).split():
        padded = f" {word} "
        for n in range(low, high + 1):
            offset = 0
            ngrams.append(padded[:n])
            while offset + n < len(padded):
                offset += 1
                ngrams.append(padded[offset : offset + n])
            if offset == 0:
                break
    return ngrams


def _word_ngrams(tokens: list[str], low: int, high: int) -> list[str]:
    ngrams = list(tokens) if low == 1 else []
    for n in range(max(low, 2), min(high, len(tokens)) + 1):
        ngrams.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return ngrams
