"""Demo front desks at the city hall (Piața Independenței 1) for the bookable demo
services, one desk per department, and a few appointments; all illustrative."""

from __future__ import annotations

import random

from django.db import transaction

from smartcity.appointments import slots
from smartcity.appointments.models import Booking, DeskService, FrontDesk
from smartcity.public_services.models import Service

LANGUAGES = ("ro", "ru", "en")
PLACE = {
    "ro": "Primăria municipiului Bălți, Piața Independenței 1, parter, ghișeul {number}",
    "ru": "Примэрия муниципия Бельцы, пл. Независимости 1, первый этаж, окошко {number}",
    "en": "Bălți City Hall, Piața Independenței 1, ground floor, desk {number}",
}
# Longer visits for the permits, whose files the desk checks page by page.
SLOT_MINUTES = {"autorizatie-construire": 30, "certificat-urbanism": 20}
NAMES = (
    "Maria Ciobanu",
    "Ion Rotaru",
    "Elena Sârbu",
    "Vasile Munteanu",
    "Natalia Ursu",
    "Andrei Guțu",
    "Olga Bejan",
    "Petru Cojocari",
)


def desks_loaded() -> bool:
    return FrontDesk.objects.filter(is_illustrative=True).exists()


@transaction.atomic
def desks_load(*, seed: int = 2026) -> int:
    """A desk for each department with bookable demo services, its services, and a few
    bookings in the coming days; returns how many desks were made (idempotent)."""
    services = Service.objects.filter(is_illustrative=True, bookable=True).select_related(
        "department"
    )
    by_department: dict[int, list[Service]] = {}
    for service in services.order_by("department__name", "slug"):
        by_department.setdefault(service.department_id, []).append(service)
    made = 0
    for number, department_services in enumerate(by_department.values(), start=1):
        department = department_services[0].department
        desk, created = FrontDesk.objects.get_or_create(
            number=number,
            defaults={
                **{f"name_{lang}": getattr(department, f"name_{lang}") for lang in LANGUAGES},
                **{f"place_{lang}": PLACE[lang].format(number=number) for lang in LANGUAGES},
                "department": department,
                "is_illustrative": True,
            },
        )
        made += created
        for service in department_services:
            DeskService.objects.get_or_create(
                desk=desk,
                service=service,
                defaults={"slot_minutes": SLOT_MINUTES.get(service.slug, 15)},
            )
    if not Booking.objects.filter(is_illustrative=True).exists():
        bookings_load(seed=seed)
    return made


def bookings_load(*, seed: int) -> int:
    """Some appointments on the next working days, by phone (no e-mail goes out)."""
    rng = random.Random(seed)
    days = slots.booking_days()[:3]
    made = 0
    for desk_service in DeskService.objects.select_related("desk", "service").filter(
        desk__is_illustrative=True
    ):
        for day in days:
            free = slots.free_slots(desk_service, day)
            for slot in rng.sample(free, min(2, len(free))):
                Booking.objects.create(
                    desk=desk_service.desk,
                    service=desk_service.service,
                    starts_at=slot.starts_at,
                    ends_at=slot.ends_at,
                    name=rng.choice(NAMES),
                    phone=f"+373 231 {rng.randint(10000, 99999)}",
                    is_illustrative=True,
                )
                made += 1
    return made
