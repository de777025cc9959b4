"""The demo's illustrative applications: every status, some overdue, numbers distinct."""

from __future__ import annotations

import pytest
from django.utils import timezone

from smartcity.public_services import demo
from smartcity.public_services.models import Application

pytestmark = pytest.mark.django_db


def test_demo_applications_span_the_statuses_with_some_overdue(catalogue):
    made = demo.applications_load(seed=7)

    papers = Application.objects.all()
    assert made == papers.count() > 0
    assert all(paper.is_illustrative for paper in papers)
    assert {"in_review", "answered"} <= set(papers.values_list("status", flat=True))
    overdue = papers.filter(status__in=Application.OPEN_STATUSES, deadline__lt=timezone.localdate())
    assert overdue.exists()
    assert papers.values("number").distinct().count() == made
