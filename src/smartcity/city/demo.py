"""The city of Bălți for the demo: profile, approximate districts, departments, staff.

District shapes are not official: they are Voronoi cells around each district's rough
centre, clipped to a hand-drawn municipal boundary, and are marked approximate.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from shapely.geometry import MultiPoint, Point, Polygon, mapping
from shapely.ops import voronoi_diagram

from smartcity.city.models import CityProfile, Department, District, StaffMember

# (longitude, latitude): GeoJSON order. Drawn around the urban area and the villages
# Elizaveta (south-east) and Sadovoe (north-west); approximate.
CITY_BOUNDARY = [
    (27.870, 47.815),
    (27.905, 47.812),
    (27.945, 47.800),
    (27.975, 47.785),
    (27.985, 47.755),
    (27.982, 47.722),
    (27.955, 47.712),
    (27.925, 47.728),
    (27.895, 47.733),
    (27.875, 47.750),
    (27.868, 47.785),
    (27.870, 47.815),
]

# slug: (ro, ru, en, latitude, longitude, population or None)
DISTRICTS = {
    "centru": ("Centru", "Центр", "Centre", 47.7617, 27.9289, None),
    "dacia": ("Dacia", "Дачия", "Dacia", 47.7740, 27.9040, 32000),
    "baltiul-nou": ("Bălțiul Nou", "Новые Бельцы", "Bălțiul Nou", 47.7850, 27.9150, None),
    "molodova": ("Molodova", "Молодова", "Molodova", 47.7590, 27.9540, None),
    "pamanteni": ("Pământeni", "Пэмынтень", "Pământeni", 47.7430, 27.9100, None),
    "slobozia": (
        "Slobozia / Gara de Nord",
        "Слободзея / Северный вокзал",
        "Slobozia / North Station",
        47.7790,
        27.9390,
        None,
    ),
    "autogara": ("Autogara", "Автовокзал", "Bus Station", 47.7540, 27.9180, None),
    "cartierul-8": ("Cartierul 8", "8-й квартал", "Quarter 8", 47.7480, 27.9380, None),
    "elizaveta": ("Elizaveta", "Елизавета", "Elizaveta", 47.7260, 27.9650, None),
    "sadovoe": ("Sadovoe", "Садовое", "Sadovoe", 47.8050, 27.8800, None),
}

# slug: (kind, ro, ru, en)
DEPARTMENTS = {
    "dispecerat": (
        "department",
        "Serviciul dispecerat al Primăriei",
        "Диспетчерская служба примэрии",
        "City Hall Dispatch Service",
    ),
    "iluminat": (
        "enterprise",
        "Î.M. Iluminat Public",
        "МП «Уличное освещение»",
        "Street Lighting Municipal Enterprise",
    ),
    "drumuri": (
        "department",
        "Direcția drumuri și infrastructură",
        "Управление дорог и инфраструктуры",
        "Roads and Infrastructure Directorate",
    ),
    "salubrizare": (
        "enterprise",
        "Î.M. Servicii de Salubrizare",
        "МП «Санитарная очистка»",
        "Sanitation Municipal Enterprise",
    ),
    "spatii-verzi": (
        "enterprise",
        "Î.M. Spații Verzi",
        "МП «Зелёное хозяйство»",
        "Green Spaces Municipal Enterprise",
    ),
    "locativ": (
        "department",
        "Direcția gospodărie locativă",
        "Управление жилищного хозяйства",
        "Housing Directorate",
    ),
    "apa-canal": ("enterprise", "Apă-Canal Bălți", "Апэ-Канал Бельцы", "Bălți Water and Sewerage"),
    "termoficare": (
        "enterprise",
        "Serviciul termoficare",
        "Служба теплоснабжения",
        "District Heating Service",
    ),
    "troleibuze": (
        "enterprise",
        "Direcția de Troleibuze",
        "Бельцкое троллейбусное управление",
        "Trolleybus Directorate",
    ),
}

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
}


def district_polygons() -> dict[str, dict]:
    """GeoJSON polygons of the districts: a partition of the city boundary."""
    boundary = Polygon(CITY_BOUNDARY)
    centres = {slug: (d[4], d[3]) for slug, d in DISTRICTS.items()}
    cells = voronoi_diagram(MultiPoint(list(centres.values())), envelope=boundary.buffer(0.05))
    polygons = {}
    for slug, (lon, lat) in centres.items():
        cell = next(c for c in cells.geoms if c.covers(Point(lon, lat)))
        clipped = cell.intersection(boundary)
        polygons[slug] = mapping(clipped.simplify(0.0001).normalize())
    return {slug: _geojson(poly) for slug, poly in polygons.items()}


def _geojson(geometry: dict) -> dict:
    # shapely's mapping() uses tuples; the database stores JSON lists.
    def listify(value):  # noqa: ANN001, ANN202
        return [listify(v) for v in value] if isinstance(value, list | tuple) else value

    return {"type": geometry["type"], "coordinates": listify(geometry["coordinates"])}


@transaction.atomic
def city_load() -> None:
    """Create Bălți's profile, districts, departments and demo staff (idempotent)."""
    CityProfile.objects.update_or_create(
        pk=1,
        defaults={
            "name_ro": "Municipiul Bălți",
            "name_ru": "Муниципий Бельцы",
            "name_en": "Municipality of Bălți",
            "address_ro": "Piața Independenței 1, Bălți",
            "address_ru": "пл. Независимости 1, Бельцы",
            "address_en": "1 Independence Square, Bălți",
            "postal_code": "MD-3100",
            "working_days_ro": "luni–vineri",
            "working_days_ru": "понедельник–пятница",
            "working_days_en": "Monday to Friday",
            "opens_at": datetime.time(8, 0),
            "closes_at": datetime.time(17, 0),
            "info_phone": "(0231) 2-64-50",
            "email": "primaria@balti.md",
            "website": "https://balti.md",
            "time_zone": "Europe/Chisinau",
            "center_latitude": 47.7617,
            "center_longitude": 27.9289,
            "min_latitude": 47.712,
            "max_latitude": 47.815,
            "min_longitude": 27.868,
            "max_longitude": 27.985,
            "boundary": _geojson(mapping(Polygon(CITY_BOUNDARY))),
            "boundary_is_approximate": True,
            "open311_jurisdiction_id": "balti.md",
        },
    )
    for slug, polygon in district_polygons().items():
        ro, ru, en, _lat, _lon, population = DISTRICTS[slug]
        District.objects.update_or_create(
            slug=slug,
            defaults={
                "name_ro": ro,
                "name_ru": ru,
                "name_en": en,
                "boundary": polygon,
                "is_approximate": True,
                "population": population,
                "source": "approximate: Voronoi cells around hand-placed centres",
            },
        )
    for slug, (kind, ro, ru, en) in DEPARTMENTS.items():
        Department.objects.update_or_create(
            slug=slug,
            defaults={
                "kind": kind,
                "name_ro": ro,
                "name_ru": ru,
                "name_en": en,
                "email": f"{slug}@balti.md",
                "phone": "(0231) 2-64-50",
            },
        )
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
