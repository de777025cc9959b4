"""Dimming profiles for the demo: the city's default, a later one for the centre."""

from __future__ import annotations

from django.db import transaction

from smartcity.city.models import District
from smartcity.lighting.models import DimmingProfile
from smartcity.lighting.schedule import steps_validate

DEFAULT = [
    {"at": "sunset", "level": 1.0},
    {"at": "23:00", "level": 0.6},
    {"at": "05:00", "level": 1.0},
    {"at": "sunrise", "level": 0.0},
]
# The centre stays busy later; the industrial north dims earlier and deeper.
BY_DISTRICT = {
    "centru": [
        {"at": "sunset", "offset": -10, "level": 1.0},
        {"at": "00:30", "level": 0.7},
        {"at": "05:00", "level": 1.0},
        {"at": "sunrise", "offset": 10, "level": 0.0},
    ],
    "slobozia": [
        {"at": "sunset", "offset": 5, "level": 1.0},
        {"at": "22:00", "level": 0.5},
        {"at": "05:30", "level": 1.0},
        {"at": "sunrise", "level": 0.0},
    ],
}


@transaction.atomic
def profiles_load() -> None:
    DimmingProfile.objects.get_or_create(
        district=None, defaults={"name": "Profil general", "steps": steps_validate(DEFAULT)}
    )
    for slug, steps in BY_DISTRICT.items():
        district = District.objects.filter(slug=slug).first()
        if district is not None:
            DimmingProfile.objects.get_or_create(
                district=district,
                defaults={"name": f"Profil {district.name}", "steps": steps_validate(steps)},
            )
