"""Held-out accuracy of the category suggestions on the demo history.

Run inside a configured Django process whose database holds the generated history
(benchmarks.service_requests does this); the split is by distinct text, so no text is
both learned and tested.
"""

from __future__ import annotations


def classifier_accuracy(seed: int = 0) -> dict:
    from smartcity.service_requests import classifier

    result = classifier.classifier_train(seed=seed)
    return {"samples": result.samples, "top1": result.top1, "top3": result.top3}
