"""Bălți with a theatre, a gymnasium and a kindergarten, at a fixed time.

NOW is Monday 7 December 2026, 10:00 in Bălți (08:00 UTC, winter time UTC+2).
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import translation

from smartcity.city.models import Department, StaffMember
from smartcity.institutions import hours, services
from smartcity.institutions.models import Institution
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


def week(weekdays: str, saturday: str = "", sunday: str = "") -> hours.Week:
    found = {day: hours.intervals_parse(weekdays) for day in range(5)}
    return found | {5: hours.intervals_parse(saturday), 6: hours.intervals_parse(sunday)}


def details(kind: str, name: str, **changes) -> services.InstitutionDetails:
    culture = kind in ("theatre", "museum", "library", "culture_house")
    values = {
        "kind": kind,
        "name_ro": name,
        "address": "str. Ștefan cel Mare 1",
        "latitude": 47.7617,
        "longitude": 27.9289,
        "department": Department.objects.get(slug="cultura" if culture else "invatamant"),
        "hours": week("08:00–12:00, 13:00–17:00"),
    }
    return services.InstitutionDetails(**(values | changes))


@pytest.fixture
def institutions(balti) -> dict[str, Institution]:
    return {
        "theatre": services.institution_save(
            details=details(
                "theatre",
                "Teatrul Național „Vasile Alecsandri”",
                name_ru="Национальный театр им. Василе Александри",
                hours=week("10:00–19:00", "10:00–19:00", "11:00–17:00"),
                phone="(0231) 2-22-22",
                website="https://example.org/teatru",
            )
        ),
        "gymnasium": services.institution_save(
            details=details(
                "gymnasium",
                "Gimnaziul nr. 1",
                languages=["ro", "ru"],
                latitude=47.7450,
                longitude=27.9500,
            )
        ),
        "kindergarten": services.institution_save(
            details=details("kindergarten", "Grădinița nr. 1", hours=week("07:00–19:00"))
        ),
    }


def staff_login(client, department: str | None, role=StaffMember.Role.DEPARTMENT_STAFF):
    staff = StaffMemberFactory(
        role=role, department=Department.objects.filter(slug=department or "").first()
    )
    client.force_login(staff.user)
    return staff.user
