"""The services catalogue: the demo's services, their departments and their terms."""

from __future__ import annotations

import pytest
from django.utils import translation

from smartcity.city.models import Department
from smartcity.public_services import demo, selectors
from smartcity.public_services.models import LEGAL_TERM_DAYS, Service

pytestmark = pytest.mark.django_db


def test_demo_catalogue_gives_each_service_its_department_in_three_languages(balti):
    made = demo.catalogue_load()

    assert made == len(demo.CATALOGUE)
    certificate = selectors.service_by_slug("certificat-urbanism")
    assert certificate is not None
    assert certificate.department.slug == "arhitectura"
    assert certificate.documents[0] == "Buletinul de identitate"
    with translation.override("ru"):
        assert certificate.name == "Градостроительный сертификат для проектирования"
    with translation.override("en"):
        assert certificate.documents[-1] == "Cadastral plan"


def test_loading_the_demo_catalogue_twice_adds_nothing(balti):
    demo.catalogue_load()

    assert demo.catalogue_load() == 0
    assert Service.objects.count() == len(demo.CATALOGUE)


def test_an_inactive_service_leaves_the_catalogue(balti):
    demo.catalogue_load()
    Service.objects.filter(slug="taiere-arbori").update(is_active=False)

    assert selectors.service_by_slug("taiere-arbori") is None
    assert "taiere-arbori" not in {s.slug for s in selectors.services_catalogue()}


def test_only_bookable_services_are_offered_for_appointments(balti):
    demo.catalogue_load()

    bookable = {s.slug for s in selectors.services_bookable()}
    assert "certificat-urbanism" in bookable
    assert "notificare-comert" not in bookable


def test_a_new_service_has_the_administrative_codes_thirty_days(balti):
    service = Service.objects.create(
        slug="x",
        kind=Service.Kind.OTHER,
        name="X",
        department=Department.objects.get(slug="cancelaria"),
    )

    assert service.legal_term_days == LEGAL_TERM_DAYS == 30
