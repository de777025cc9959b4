"""Apartment blocks of Bălți with their managers and the three providers, at a fixed time.

NOW is Monday 7 December 2026, 10:00 in Bălți (08:00 UTC).
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import translation

from smartcity.city.models import Department, StaffMember
from smartcity.housing import services
from smartcity.housing.models import BlockManager, Utility, UtilityProvider
from tests.factories import StaffMemberFactory

NOW = datetime.datetime(2026, 12, 7, 8, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _frozen_in_english(client, settings):
    """At NOW, in English: the code's own messages, whatever the catalogues hold."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with time_machine.travel(NOW, tick=False), translation.override("en"):
        yield


@pytest.fixture
def providers(balti):
    departments = {d.slug: d for d in Department.objects.all()}
    return {
        "water": UtilityProvider.objects.create(
            name="S.A. Apă-Canal Bălți",
            utilities=[Utility.WATER, Utility.SEWAGE],
            department=departments["apa-canal"],
        ),
        "heating": UtilityProvider.objects.create(
            name="S.A. Termogaz-Bălți",
            utilities=[Utility.HEATING],
            department=departments["termoficare"],
        ),
        "electricity": UtilityProvider.objects.create(
            name="S.A. RED Nord", utilities=[Utility.ELECTRICITY]
        ),
    }


@pytest.fixture
def manager(balti):
    return BlockManager.objects.create(
        name="Asociația de Proprietari „Dacia-7”",
        kind=BlockManager.Kind.OWNERS_ASSOCIATION,
        phone="(0231) 5-55-55",
    )


def block(street: str, number: str, manager=None):
    return services.block_save(
        street=street,
        number=number,
        latitude=47.7625,
        longitude=27.9300,
        floors=9,
        apartments=72,
        year_built=1978,
        manager=manager,
    )


@pytest.fixture
def blocks(providers, manager):
    """Decebal 10, 12, 20 and Independenței 12 (managed by an owners' association)."""
    return {
        "decebal-10": block("str. Decebal", "10", manager),
        "decebal-12": block("str. Decebal", "12", manager),
        "decebal-20": block("str. Decebal", "20", manager),
        "independentei-12": block("str. Independenței", "12", manager),
    }


def entry(provider, **changes) -> services.OutageEntry:
    values = {
        "utility": provider.utilities[0],
        "kind": "planned",
        "provider": provider,
        "street": "str. Decebal",
        "number_from": 8,
        "number_to": 14,
        "starts_at": NOW + 2 * DAY,
        "expected_end_at": NOW + 2 * DAY + 8 * HOUR,
        "reason": "Înlocuirea vanelor",
    }
    return services.OutageEntry(**(values | changes))


def staff_login(client, department: str | None, role=StaffMember.Role.DEPARTMENT_STAFF):
    staff = StaffMemberFactory(
        role=role, department=Department.objects.filter(slug=department or "").first()
    )
    client.force_login(staff.user)
    return staff.user
