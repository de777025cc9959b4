"""Demo education and culture of Bălți, illustrative.

The named institutions exist in Bălți (Teatrul Național „Vasile Alecsandri”, Muzeul de
Istorie și Etnografie, Biblioteca Municipală „Eugen Coșeriu”, Universitatea de Stat
„Alecu Russo”), but their addresses, positions, contacts and hours here were not checked
against an official source: they are flagged approximate and illustrative. Schools and
kindergartens are numbered the way the city numbers them („Grădinița nr. 1”), placed at
made-up points inside the demo districts, with made-up hours and contacts. The
kindergarten places per district are invented figures. Deterministic for a seed.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from shapely.geometry import Point, shape

from smartcity.city import demo as city_demo
from smartcity.city.models import Department, District
from smartcity.collaboration.services import EventDetails
from smartcity.institutions import services
from smartcity.institutions.access import CULTURE, EDUCATION
from smartcity.institutions.hours import Week, intervals_parse
from smartcity.institutions.models import Institution, KindergartenPlaces

Kind = Institution.Kind
WEEKDAYS_8_17 = "08:00–17:00"
SOURCE = "Demo: illustrative figures, not published by the city"

# kind, ro, ru, en, address, latitude, longitude, hours Mon–Fri, Sat, Sun
NAMED = (
    (
        Kind.THEATRE,
        "Teatrul Național „Vasile Alecsandri”",
        "Национальный театр им. Василе Александри",
        "“Vasile Alecsandri” National Theatre",
        "Piața Independenței (aproximativ)",
        47.7609,
        27.9301,
        "10:00–19:00",
        "10:00–19:00",
        "11:00–17:00",
    ),
    (
        Kind.MUSEUM,
        "Muzeul de Istorie și Etnografie Bălți",
        "Бельцкий музей истории и этнографии",
        "Bălți Museum of History and Ethnography",
        "str. Independenței (aproximativ)",
        47.7631,
        27.9279,
        "09:00–17:00",
        "10:00–16:00",
        "",
    ),
    (
        Kind.LIBRARY,
        "Biblioteca Municipală „Eugen Coșeriu”",
        "Муниципальная библиотека им. Эудженио Кошериу",
        "“Eugen Coșeriu” Municipal Library",
        "str. Ștefan cel Mare (aproximativ)",
        47.7598,
        27.9268,
        "09:00–18:00",
        "09:00–16:00",
        "",
    ),
    (
        Kind.UNIVERSITY,
        "Universitatea de Stat „Alecu Russo” din Bălți",
        "Бельцкий государственный университет им. Алеку Руссо",
        "“Alecu Russo” State University of Bălți",
        "str. Pușkin (aproximativ)",
        47.7573,
        27.9175,
        WEEKDAYS_8_17,
        "",
        "",
    ),
    (
        Kind.CULTURE_HOUSE,
        "Casa de Cultură (exemplu)",
        "Дом культуры (пример)",
        "Culture House (example)",
        "str. Decebal (aproximativ)",
        47.7660,
        27.9350,
        "10:00–20:00",
        "10:00–20:00",
        "",
    ),
    (
        Kind.ART_SCHOOL,
        "Școala de Muzică (exemplu)",
        "Музыкальная школа (пример)",
        "Music School (example)",
        "str. Sf. Nicolae (aproximativ)",
        47.7640,
        27.9240,
        "08:00–12:00, 13:00–19:00",
        "09:00–13:00",
        "",
    ),
)
GYMNASIUMS = 6
LYCEUMS = 3
KINDERGARTENS = 12
STREETS = ("str. Decebal", "str. Kiev", "bd. Victoriei", "str. Sorocii", "str. Bulgară")


def institutions_loaded() -> bool:
    return Institution.objects.filter(is_illustrative=True).exists()


def _week(weekdays: str, saturday: str = "", sunday: str = "") -> Week:
    week: Week = {day: intervals_parse(weekdays) for day in range(5)}
    week[5] = intervals_parse(saturday)
    week[6] = intervals_parse(sunday)
    return week


def _point_in(district: District, rng: random.Random) -> tuple[float, float]:
    area = shape(district.boundary)
    min_x, min_y, max_x, max_y = area.bounds

    for _try in range(50):
        x, y = rng.uniform(min_x, max_x), rng.uniform(min_y, max_y)
        if area.contains(Point(x, y)):
            return round(y, 5), round(x, 5)
    point = area.representative_point()
    return round(point.y, 5), round(point.x, 5)


def _numbered(
    rng: random.Random, departments: dict[str, Department], urban: list[District]
) -> list[services.InstitutionDetails]:
    made = []
    series = (
        (Kind.GYMNASIUM, GYMNASIUMS, "Gimnaziul nr. {n}", "Гимназия № {n}", "Gymnasium No. {n}"),
        (Kind.LYCEUM, LYCEUMS, "Liceul Teoretic nr. {n}", "Теоретический лицей № {n}",
         "Theoretical Lyceum No. {n}"),
        (Kind.KINDERGARTEN, KINDERGARTENS, "Grădinița nr. {n}", "Детский сад № {n}",
         "Kindergarten No. {n}"),
    )  # fmt: skip
    for kind, count, ro, ru, en in series:
        for n in range(1, count + 1):
            district = urban[(n - 1) % len(urban)]
            latitude, longitude = _point_in(district, rng)
            languages = rng.choice([["ro"], ["ro"], ["ru"], ["ro", "ru"]])
            hours = "07:00–19:00" if kind == Kind.KINDERGARTEN else "08:00–15:00"
            made.append(
                services.InstitutionDetails(
                    kind=kind,
                    name_ro=ro.format(n=n) + " (exemplu)",
                    name_ru=ru.format(n=n) + " (пример)",
                    name_en=en.format(n=n) + " (example)",
                    address=f"{rng.choice(STREETS)} {rng.randint(1, 120)} (exemplu)",
                    latitude=latitude,
                    longitude=longitude,
                    district=district,
                    phone=f"(0231) {rng.randint(2, 9)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
                    languages=languages,
                    hours=_week(hours),
                    department=departments[EDUCATION],
                    location_is_approximate=True,
                    is_illustrative=True,
                )
            )
    return made


def _events(institutions: dict[str, Institution], now: datetime.datetime) -> None:
    user = get_user_model().objects.filter(username="cultura").first()
    teacher = get_user_model().objects.filter(username="invatamant").first()
    if user is None or teacher is None:
        return
    day = timezone.localtime(now).replace(hour=18, minute=0, second=0, microsecond=0)
    plans = (
        (user, Kind.THEATRE, "performance", "Spectacol: „Chirița în provincie” (exemplu)", 3, 2),
        (user, Kind.MUSEUM, "exhibition", "Expoziție: costume populare din nordul Moldovei "
         "(exemplu)", 5, 4),
        (user, Kind.LIBRARY, "reading", "Seară de lectură: Eugen Coșeriu (exemplu)", 8, 2),
        (teacher, Kind.UNIVERSITY, "open_day", "Ziua ușilor deschise (exemplu)", 12, 3),
    )  # fmt: skip
    for by, kind, event_kind, title, days, length in plans:
        institution = institutions[kind]
        starts = day + datetime.timedelta(days=days)
        services.institution_event_create(
            by=by,
            institution=institution,
            details=EventDetails(
                title=title,
                kind=event_kind,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=length),
                description="Eveniment ilustrativ al datelor demonstrative.",
            ),
        )


def _places(rng: random.Random, districts: list[District]) -> None:
    published = timezone.localdate() - datetime.timedelta(days=30)
    year = published.year if published.month >= 9 else published.year - 1
    entries = []
    for district in districts:
        capacity = rng.randrange(60, 900, 10)
        enrolled = min(capacity + rng.randint(-40, 40), capacity + 30)
        entries.append(
            services.PlacesEntry(
                district=district,
                period=f"{year}–{year + 1}",
                capacity=capacity,
                enrolled=max(enrolled, 0),
                waiting_list=rng.randint(0, 80),
                source=SOURCE,
                published_on=published,
                is_illustrative=True,
            )
        )
    services.places_save(entries=entries)


@transaction.atomic
def institutions_load(*, seed: int = 2026, progress: Callable[[str], object] = print) -> None:
    """Institutions, their hours, a few events and the kindergarten places (illustrative)."""
    rng = random.Random(seed)
    departments = {d.slug: d for d in Department.objects.filter(slug__in=[EDUCATION, CULTURE])}
    if len(departments) < 2:
        # A database made before the directorates were in the city's files.
        city_demo.city_load()
        departments = {d.slug: d for d in Department.objects.filter(slug__in=[EDUCATION, CULTURE])}
    districts = list(District.objects.order_by("slug"))
    urban = [d for d in districts if d.slug not in ("elizaveta", "sadovoe")] or districts
    named: dict[str, Institution] = {}
    for kind, ro, ru, en, address, lat, lon, weekdays, saturday, sunday in NAMED:
        culture = kind in (Kind.THEATRE, Kind.MUSEUM, Kind.LIBRARY, Kind.CULTURE_HOUSE)
        named[kind] = services.institution_save(
            details=services.InstitutionDetails(
                kind=kind,
                name_ro=ro,
                name_ru=ru,
                name_en=en,
                address=address,
                latitude=lat,
                longitude=lon,
                hours=_week(weekdays, saturday, sunday),
                department=departments[CULTURE if culture else EDUCATION],
                location_is_approximate=True,
                is_illustrative=True,
            )
        )
    for details in _numbered(rng, departments, urban):
        services.institution_save(details=details)
    progress(f"  {Institution.objects.count()} institutions placed (illustrative).")
    _events(named, timezone.now())
    if districts:
        _places(rng, districts)
    if KindergartenPlaces.objects.exists():
        progress("  Kindergarten places per district entered (illustrative figures).")
