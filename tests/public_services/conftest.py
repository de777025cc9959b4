"""Fixtures of the public services: the demo catalogue, a resident, department staff."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from smartcity.public_services import demo
from smartcity.public_services.models import Service
from smartcity.public_services.services import Applicant

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def catalogue(balti):
    demo.catalogue_load()


@pytest.fixture
def certificate(catalogue) -> Service:
    return Service.objects.get(slug="copie-decizie")


@pytest.fixture
def resident(db):
    return get_user_model().objects.create_user(
        "rezident", email="ion@example.md", password="x", first_name="Ion", last_name="Țurcanu"
    )


@pytest.fixture
def stranger(db):
    return get_user_model().objects.create_user("strain", email="s@example.md", password="x")


@pytest.fixture
def chancellery_staff(balti):
    from smartcity.city.models import Department, StaffMember

    user = get_user_model().objects.create_user("cancelarie", email="c@balti.md", password="x")
    StaffMember.objects.create(
        user=user,
        role=StaffMember.Role.DEPARTMENT_STAFF,
        department=Department.objects.get(slug="cancelaria"),
    )
    return user


@pytest.fixture
def applicant() -> Applicant:
    return Applicant(name="Ion Țurcanu", idnp="2002001234567", email="ion@example.md")
