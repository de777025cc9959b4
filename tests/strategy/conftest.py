"""The strategy's fixtures on top of the demo city."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from smartcity.strategy.models import Level, Node, Plan


@pytest.fixture
def administrator(balti):
    return get_user_model().objects.get(username="admin")


@pytest.fixture
def lighting_staff(balti):
    return get_user_model().objects.get(username="iluminat")


@pytest.fixture
def roads_staff(balti):
    return get_user_model().objects.get(username="drumuri")


@pytest.fixture
def resident(db):
    return get_user_model().objects.create_user("rezident", password="secret-password-1")


@pytest.fixture
def plan(balti):
    return Plan.objects.create(
        code="test-plan", title_ro="Planul de test", start_year=2021, end_year=2025
    )


def node_add(
    plan, code, level, parent=None, *, weight="1", progress=0, status="in_progress", **extra
):
    return Node.objects.create(
        plan=plan,
        code=code,
        level=level,
        parent=parent,
        title_ro=f"Elementul {code}",
        weight=weight,
        progress=progress,
        status=status,
        **extra,
    )


@pytest.fixture
def tree(plan):
    """P1 (weight 3) ← O1 ← A1 (40%, weight 1), A2 (100%, weight 3); P2 (weight 1) ← O2 ←
    A3 (10%, lighting department), A4 (cancelled)."""
    from smartcity.city.models import Department

    p1 = node_add(plan, "P1", Level.PRIORITY, weight="3")
    o1 = node_add(plan, "O1", Level.OBJECTIVE, p1)
    a1 = node_add(plan, "A1", Level.ACTION, o1, progress=40)
    a2 = node_add(plan, "A2", Level.ACTION, o1, progress=100, status="completed", weight="3")
    p2 = node_add(plan, "P2", Level.PRIORITY)
    o2 = node_add(plan, "O2", Level.OBJECTIVE, p2)
    a3 = node_add(
        plan,
        "A3",
        Level.ACTION,
        o2,
        progress=10,
        responsible_department=Department.objects.get(slug="iluminat"),
    )
    a4 = node_add(plan, "A4", Level.ACTION, o2, progress=90, status="cancelled")
    return {n.code: n for n in (p1, o1, a1, a2, p2, o2, a3, a4)}
