"""The stored model predicts what scikit-learn's pipeline predicts, without scikit-learn."""

from __future__ import annotations

import pickle
import subprocess
import sys

import numpy as np
import pytest

from smartcity.service_requests import classifier, history
from smartcity.service_requests.models import CategoryClassifier
from smartcity.service_requests.suggestion_model import CategoryModel

TEXTS = [
    "Nu arde felinarul pe strada Ștefan cel Mare",
    "nu arde felinarul pe strada stefan cel mare",
    "Не горит фонарь возле дома, темно",
    "groapa mare pe drum in fata scolii",
    "Нет горячей воды третий день",
    "gunoi nestrans langa bloc",
    "",
    "!!!",
    "x",
    "a a a a a a a",
]


@pytest.fixture
def pipeline(balti):
    history.requests_generate(count=800, seed=11)
    texts, codes = classifier.training_samples()
    return classifier._pipeline().fit(texts, codes), texts


def test_the_light_model_gives_the_pipelines_probabilities(pipeline):
    fitted, history_texts = pipeline
    light = CategoryModel.from_pipeline(fitted)
    texts = TEXTS + history_texts[:200]
    assert light.classes == list(fitted.classes_)
    assert np.abs(light.predict_proba(texts) - fitted.predict_proba(texts)).max() < 1e-9


def test_a_stored_model_suggests_in_a_process_without_scikit_learn(balti, tmp_path):
    history.requests_generate(count=800, seed=11)
    classifier.classifier_train(held_out=0)
    blob = tmp_path / "model.pickle"
    blob.write_bytes(bytes(CategoryClassifier.objects.get().model))
    script = (
        "import pickle, sys\n"
        f"model = pickle.loads(open({str(blob)!r}, 'rb').read())\n"
        "proba = model.predict_proba(['Nu arde felinarul'])[0]\n"
        "print(model.classes[proba.argmax()])\n"
        "print(sorted(m for m in ('sklearn', 'scipy') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out == ["street-light-out", "[]"]


def test_a_model_stored_as_a_pipeline_is_still_read(pipeline):
    fitted, _texts = pipeline
    CategoryClassifier.objects.create(
        trained_at="2026-01-01T00:00:00Z", sample_count=1, model=pickle.dumps(fitted)
    )
    (top, *_rest) = classifier.category_suggestions("Nu arde felinarul pe strada")
    assert top.category.code == "street-light-out"
