"""The collaboration's actors on top of the demo city: criteria, partner, evaluator,
the Mayor's office."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from smartcity.collaboration import demo


@pytest.fixture
def partnership(balti):
    demo.criteria_load()
    demo.members_load()


@pytest.fixture
def partner(partnership):
    return get_user_model().objects.get(username="partener")


@pytest.fixture
def evaluator(partnership):
    return get_user_model().objects.get(username="evaluator")


@pytest.fixture
def mayors_office(partnership):
    return get_user_model().objects.get(username="cabinet")


@pytest.fixture
def administrator(balti):
    return get_user_model().objects.get(username="admin")


@pytest.fixture
def resident(db):
    return get_user_model().objects.create_user("rezident", password="secret-password-1")
