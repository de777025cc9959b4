"""A front desk of Bălți's city hall for the urban planning certificate, at a fixed time.

NOW is Monday 21 December 2026, 10:00 in Bălți (08:00 UTC); Friday the 25th is Christmas
(new style), a public holiday.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import translation

from smartcity.appointments.models import Booking, DeskService, FrontDesk
from smartcity.city.models import Department
from smartcity.public_services import demo as catalogue_demo
from smartcity.public_services.models import Service
from tests.factories import StaffMemberFactory

CITY = datetime.timezone(datetime.timedelta(hours=2))  # Chișinău in winter
NOW = datetime.datetime(2026, 12, 21, 10, 0, tzinfo=CITY)


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment of December 2026 on the city's clock."""
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=CITY)


def key(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%MZ")


@pytest.fixture(autouse=True)
def _frozen_in_english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with time_machine.travel(NOW, tick=False), translation.override("en"):
        yield


@pytest.fixture
def desk_service(balti):
    catalogue_demo.catalogue_load()
    desk = FrontDesk.objects.create(
        number=1,
        name="Arhitectură și urbanism",
        place="Piața Independenței 1, ghișeul 1",
        department=Department.objects.get(slug="arhitectura"),
        lunch_starts_at=datetime.time(12, 0),
        lunch_ends_at=datetime.time(13, 0),
    )
    return DeskService.objects.create(
        desk=desk, service=Service.objects.get(slug="certificat-urbanism"), slot_minutes=30
    )


@pytest.fixture
def architect(balti):
    return StaffMemberFactory(department=Department.objects.get(slug="arhitectura")).user


@pytest.fixture
def road_staff(balti):
    return StaffMemberFactory(department=Department.objects.get(slug="drumuri")).user


def booked(desk_service, starts_at, **changes) -> Booking:
    from smartcity.appointments import services

    fields = {"name": "Maria Ciobanu", "phone": "+373 231 55555", **changes}
    return services.booking_create(desk_service=desk_service, starts_at=starts_at, **fields)
