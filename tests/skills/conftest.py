"""The study's questionnaire, an open round and an invited enterprise."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from smartcity.collaboration.models import Organisation
from smartcity.skills import services
from smartcity.skills.models import Invitation, StudyRound


@pytest.fixture
def survey(db):
    services.classification_load()
    return services.questionnaire_load()


@pytest.fixture
def open_round(survey):
    now = timezone.now()
    return StudyRound.objects.create(
        survey=survey,
        year=now.year,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
    )


def enterprise(name: str = "Nord Soft SRL (exemplu)", **extra) -> Organisation:
    return Organisation.objects.create(
        name=name, kind=Organisation.Kind.BUSINESS, email="contact@exemplu.md", **extra
    )


@pytest.fixture
def invitation(open_round) -> Invitation:
    (created,) = services.invitations_create(round=open_round, organisations=[enterprise()])
    return created


# A complete, valid set of answers, as a form posts them.
COMPLETE = {
    "q-sector": "software",
    "q-size": "small",
    "q-staff-2512:current": "6",
    "q-staff-2512:hire_1y": "2",
    "q-has_hard_to_fill": "no",
    "q-skills_staff-programming-python": "lacking",
    "q-graduate_readiness": "3",
    "q-training_forms": ["internships", "dual"],
    "q-cooperates": "no",
    "q-cooperation_interest": "4",
}
