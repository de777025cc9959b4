"""The city of Bălți for the demo: its files (data/city/balti) and the demo staff.

The profile, districts and departments come from the same files a city loads with
`smartcity city_load` (SMARTCITY_CITY_DIR, by default the checkout's data/city/balti),
through the same reader. District shapes there are not official: Voronoi cells around
each district's rough centre, clipped to a hand-drawn boundary, marked approximate.
Only the staff are the demo's own: fixed user names with a known password.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from smartcity.city import services
from smartcity.city.files import Problems, city_read
from smartcity.city.models import Department, StaffMember

DEMO_PASSWORD = "balti-demo-2026"

# username: (first name, last name, role, department slug or None)
STAFF = {
    "admin": ("Ana", "Rusu", StaffMember.Role.ADMINISTRATOR, None),
    "dispecer": ("Elena", "Ceban", StaffMember.Role.DISPATCHER, "dispecerat"),
    "iluminat": ("Ion", "Popescu", StaffMember.Role.DEPARTMENT_STAFF, "iluminat"),
    "drumuri": ("Vasile", "Lungu", StaffMember.Role.DEPARTMENT_STAFF, "drumuri"),
    "salubrizare": ("Natalia", "Moraru", StaffMember.Role.DEPARTMENT_STAFF, "salubrizare"),
    "spatii-verzi": ("Mihai", "Cojocaru", StaffMember.Role.DEPARTMENT_STAFF, "spatii-verzi"),
    "locativ": ("Tatiana", "Bondarenco", StaffMember.Role.DEPARTMENT_STAFF, "locativ"),
    "apa-canal": ("Serghei", "Ivanov", StaffMember.Role.DEPARTMENT_STAFF, "apa-canal"),
    "termoficare": ("Olga", "Țurcan", StaffMember.Role.DEPARTMENT_STAFF, "termoficare"),
    "troleibuze": ("Andrei", "Melnic", StaffMember.Role.DEPARTMENT_STAFF, "troleibuze"),
    "invatamant": ("Lilia", "Rotaru", StaffMember.Role.DEPARTMENT_STAFF, "invatamant"),
    "cultura": ("Victor", "Grosu", StaffMember.Role.DEPARTMENT_STAFF, "cultura"),
}


@transaction.atomic
def city_load() -> None:
    """Bălți's profile, districts and departments from its files, and the demo staff
    (idempotent); the files' own staff.csv is left out."""
    problems = Problems()
    city = city_read(settings.SMARTCITY_CITY_DIR, problems)
    problems.raise_any()
    services.city_save(city=city, staff=False)
    _staff_load()


def _staff_load() -> None:
    user_model = get_user_model()
    for username, (first, last, role, department_slug) in STAFF.items():
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@balti.md",
                "is_staff": role == StaffMember.Role.ADMINISTRATOR,
                "is_superuser": role == StaffMember.Role.ADMINISTRATOR,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        department = Department.objects.filter(slug=department_slug).first()
        StaffMember.objects.update_or_create(
            user=user, defaults={"role": role, "department": department}
        )
