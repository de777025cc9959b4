"""Bălți's report categories for the demo, routed to the demo departments."""

from __future__ import annotations

from django.db import transaction

from smartcity.city.models import Department
from smartcity.service_requests.models import AttributeValue, CategoryAttribute, ServiceCategory

# code: (department, sla hours, group (ro, ru, en), name (ro, ru, en), keywords)
CATEGORIES = {
    "street-light-out": (
        "iluminat",
        72,
        ("Iluminat", "Освещение", "Lighting"),
        ("Felinar stins", "Не горит фонарь", "Street light out"),
        "felinar bec stalp lampa фонарь свет",
    ),
    "street-light-day": (
        "iluminat",
        120,
        ("Iluminat", "Освещение", "Lighting"),
        ("Iluminat aprins ziua", "Фонарь горит днём", "Street light on during the day"),
        "felinar zi фонарь днём",
    ),
    "pothole": (
        "drumuri",
        240,
        ("Drumuri", "Дороги", "Roads"),
        ("Groapă în carosabil", "Яма на дороге", "Pothole"),
        "groapa asfalt яма",
    ),
    "damaged-pavement": (
        "drumuri",
        336,
        ("Drumuri", "Дороги", "Roads"),
        ("Trotuar deteriorat", "Повреждённый тротуар", "Damaged pavement"),
        "trotuar bordura тротуар",
    ),
    "road-sign": (
        "drumuri",
        120,
        ("Drumuri", "Дороги", "Roads"),
        (
            "Indicator rutier sau semafor defect",
            "Дорожный знак или светофор",
            "Damaged road sign or traffic light",
        ),
        "semafor indicator светофор знак",
    ),
    "snow-ice": (
        "drumuri",
        24,
        ("Drumuri", "Дороги", "Roads"),
        ("Drum nedeszăpezit sau polei", "Неубранный снег или гололёд", "Snow or ice not cleared"),
        "zapada polei снег гололёд",
    ),
    "container-overflow": (
        "salubrizare",
        24,
        ("Deșeuri", "Отходы", "Waste"),
        (
            "Container de gunoi plin",
            "Переполненный мусорный контейнер",
            "Overflowing waste container",
        ),
        "gunoi container мусор",
    ),
    "illegal-dumping": (
        "salubrizare",
        120,
        ("Deșeuri", "Отходы", "Waste"),
        ("Gunoiște neautorizată", "Стихийная свалка", "Illegal dumping"),
        "gunoiste deseuri свалка",
    ),
    "stray-dogs": (
        "salubrizare",
        72,
        ("Deșeuri", "Отходы", "Waste"),
        ("Câini fără stăpân", "Бездомные собаки", "Stray dogs"),
        "caini собаки",
    ),
    "dangerous-tree": (
        "spatii-verzi",
        48,
        ("Spații verzi", "Зелёные зоны", "Green spaces"),
        ("Copac căzut sau periculos", "Упавшее или опасное дерево", "Fallen or dangerous tree"),
        "copac craca дерево ветка",
    ),
    "broken-bench": (
        "spatii-verzi",
        240,
        ("Spații verzi", "Зелёные зоны", "Green spaces"),
        (
            "Bancă sau mobilier urban deteriorat",
            "Сломанная скамейка",
            "Broken bench or street furniture",
        ),
        "banca скамейка",
    ),
    "playground": (
        "spatii-verzi",
        168,
        ("Spații verzi", "Зелёные зоны", "Green spaces"),
        ("Teren de joacă deteriorat", "Повреждённая детская площадка", "Damaged playground"),
        "teren joaca площадка",
    ),
    "no-heating": (
        "termoficare",
        24,
        ("Încălzire și apă", "Отопление и вода", "Heating and water"),
        ("Lipsa încălzirii în bloc", "Нет отопления в доме", "No heating in a block of flats"),
        "caldura calorifer отопление батарея",
    ),
    "no-hot-water": (
        "termoficare",
        24,
        ("Încălzire și apă", "Отопление и вода", "Heating and water"),
        ("Lipsa apei calde", "Нет горячей воды", "No hot water"),
        "apa calda горячая вода",
    ),
    "water-leak": (
        "apa-canal",
        12,
        ("Încălzire și apă", "Отопление и вода", "Heating and water"),
        ("Scurgere de apă sau țeavă spartă", "Прорыв или утечка воды", "Water leak or burst pipe"),
        "teava apa прорыв труба",
    ),
    "blocked-sewer": (
        "apa-canal",
        24,
        ("Încălzire și apă", "Отопление и вода", "Heating and water"),
        ("Canalizare înfundată", "Засор канализации", "Blocked sewer"),
        "canalizare канализация",
    ),
    "missing-manhole": (
        "apa-canal",
        6,
        ("Încălzire și apă", "Отопление и вода", "Heating and water"),
        ("Capac de canalizare lipsă", "Открытый люк", "Missing manhole cover"),
        "capac canal люк",
    ),
    "stairwell": (
        "locativ",
        168,
        ("Locuințe", "Жильё", "Housing"),
        ("Problemă în scara blocului", "Проблема в подъезде", "Problem in a stairwell"),
        "scara bloc подъезд",
    ),
    "roof-leak": (
        "locativ",
        120,
        ("Locuințe", "Жильё", "Housing"),
        ("Acoperiș care curge", "Протекает крыша", "Leaking roof"),
        "acoperis крыша",
    ),
    "transit-stop": (
        "troleibuze",
        168,
        ("Transport public", "Общественный транспорт", "Public transport"),
        (
            "Stație de transport public deteriorată",
            "Повреждённая остановка",
            "Damaged public transport stop",
        ),
        "statie troleibuz остановка",
    ),
    "other": (
        "dispecerat",
        120,
        ("Altele", "Другое", "Other"),
        ("Altă problemă", "Другая проблема", "Other problem"),
        "",
    ),
}

# category code: [(code, datatype, required, question (ro, ru, en), values)]
Texts = tuple[str, str, str]  # ro, ru, en
# An extra question: code, datatype, required, the question, the allowed (key, names).
DemoAttribute = tuple[str, str, bool, Texts, list[tuple[str, Texts]]]

ATTRIBUTES: dict[str, list[DemoAttribute]] = {
    "street-light-out": [
        (
            "pole_number",
            "string",
            False,
            (
                "Numărul stâlpului (dacă se vede)",
                "Номер столба (если виден)",
                "Pole number (if visible)",
            ),
            [],
        ),
    ],
    "pothole": [
        (
            "size",
            "singlevaluelist",
            False,
            ("Mărimea gropii", "Размер ямы", "Size of the hole"),
            [
                ("small", ("mică", "маленькая", "small")),
                ("medium", ("medie", "средняя", "medium")),
                ("large", ("mare, periculoasă", "большая, опасная", "large, dangerous")),
            ],
        ),
    ],
    "container-overflow": [
        (
            "container_type",
            "singlevaluelist",
            True,
            ("Tipul containerului", "Тип контейнера", "Container type"),
            [
                ("mixed", ("deșeuri amestecate", "смешанные отходы", "mixed waste")),
                ("plastic", ("plastic", "пластик", "plastic")),
                ("glass", ("sticlă", "стекло", "glass")),
                ("paper", ("hârtie", "бумага", "paper")),
            ],
        ),
    ],
    "no-heating": [
        ("block", "string", True, ("Blocul și scara", "Дом и подъезд", "Block and entrance"), []),
        (
            "flats_affected",
            "number",
            False,
            (
                "Câte apartamente sunt afectate",
                "Сколько квартир затронуто",
                "How many flats are affected",
            ),
            [],
        ),
    ],
}


@transaction.atomic
def categories_load() -> None:
    """Create or refresh the demo categories and their extra questions (idempotent)."""
    departments = {d.slug: d for d in Department.objects.all()}
    for order, (code, (department, sla, group, name, keywords)) in enumerate(CATEGORIES.items()):
        category, _ = ServiceCategory.objects.update_or_create(
            code=code,
            defaults={
                "department": departments[department],
                "sla_hours": sla,
                "order": order,
                "keywords": keywords,
                "name_ro": name[0],
                "name_ru": name[1],
                "name_en": name[2],
                "group_ro": group[0],
                "group_ru": group[1],
                "group_en": group[2],
            },
        )
        for position, (attr_code, datatype, required, question, values) in enumerate(
            ATTRIBUTES.get(code, [])
        ):
            attribute, _ = CategoryAttribute.objects.update_or_create(
                category=category,
                code=attr_code,
                defaults={
                    "datatype": datatype,
                    "required": required,
                    "order": position,
                    "description_ro": question[0],
                    "description_ru": question[1],
                    "description_en": question[2],
                },
            )
            for value_order, (key, names) in enumerate(values):
                AttributeValue.objects.update_or_create(
                    attribute=attribute,
                    key=key,
                    defaults={
                        "order": value_order,
                        "name_ro": names[0],
                        "name_ru": names[1],
                        "name_en": names[2],
                    },
                )


def sample_requests_load(*, seed: int, progress=print) -> int:  # noqa: ANN001
    """Demo reports with their history; see `history.py` for the generator."""
    from smartcity.service_requests import history

    return history.history_load(seed=seed, progress=progress)
