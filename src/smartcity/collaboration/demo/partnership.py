"""Demo partnership: the criteria, the members of each side, the needs and their scores."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from smartcity.city.demo import DEMO_PASSWORD
from smartcity.collaboration.models import (
    Criterion,
    Member,
    Need,
    NeedScore,
    NeedSupport,
)
from smartcity.service_requests.selectors import active_categories

ASSOCIATION = "ACETI"

# code: (weight, (ro, ru, en) name, (ro, ru, en) what a 5 means)
CRITERIA = {
    "impact": (
        Decimal("3"),
        ("Impact", "Влияние", "Impact"),
        (
            "Schimbă mult viața locuitorilor",
            "Сильно меняет жизнь жителей",
            "Changes residents' lives a lot",
        ),
    ),
    "urgency": (
        Decimal("2"),
        ("Urgență", "Срочность", "Urgency"),
        ("Nu mai poate aștepta", "Не может ждать", "Cannot wait"),
    ),
    "cost": (
        Decimal("1"),
        ("Cost", "Стоимость", "Cost"),
        ("Foarte ieftin", "Очень дёшево", "Very cheap"),
    ),
    "feasibility": (
        Decimal("2"),
        ("Fezabilitate", "Осуществимость", "Feasibility"),
        ("Ușor de realizat", "Легко осуществить", "Easy to do"),
    ),
    "residents": (
        Decimal("2"),
        ("Locuitori afectați", "Затронутые жители", "Residents affected"),
        ("Aproape toți locuitorii", "Почти все жители", "Nearly all residents"),
    ),
}

# username: (first name, last name, role, organisation)
MEMBERS = {
    "partener": ("Victor", "Grosu", Member.Role.PARTNER, ASSOCIATION),
    "evaluator": ("Irina", "Sîrbu", Member.Role.EVALUATOR, "Primăria municipiului Bălți"),
    "cabinet": ("Lilia", "Botnaru", Member.Role.MAYORS_OFFICE, "Primăria municipiului Bălți"),
}


@transaction.atomic
def criteria_load() -> None:
    """The agreed criteria with their demo weights (idempotent; keeps changed weights)."""
    for order, (code, (weight, names, hints)) in enumerate(CRITERIA.items()):
        Criterion.objects.get_or_create(
            code=code,
            defaults={
                "weight": weight,
                "order": order,
                **{f"name_{lang}": n for lang, n in zip(("ro", "ru", "en"), names, strict=True)},
                **{
                    f"description_{lang}": h
                    for lang, h in zip(("ro", "ru", "en"), hints, strict=True)
                },
            },
        )


@transaction.atomic
def members_load() -> None:
    users = get_user_model()
    for username, (first, last, role, organisation) in MEMBERS.items():
        user, created = users.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.email = f"{username}@example.md"
            user.save()
        Member.objects.get_or_create(
            user=user, defaults={"role": role, "organisation": organisation}
        )


# (title, description, service, affected, evidence, category code or None,
#  city scores, partner scores (impact, urgency, cost, feasibility, residents), supports)
NEEDS = [
    (
        "Programare online la starea civilă",
        "Locuitorii stau la coadă pentru a depune actele de căsătorie sau de naștere.",
        "Oficiul stare civilă",
        "Familiile tinere, aproximativ 1 500 de cereri pe an (estimare demonstrativă)",
        "Cozi observate de partener în zilele de luni și vineri.",
        None,
        (4, 3, 4, 4, 3),
        (5, 4, 4, 3, 3),
        12,
    ),
    (
        "Reclamații despre încălzire doar prin telefon",
        "Sesizările despre caloriferele reci se primesc doar la telefon și se pierd.",
        "Serviciul termoficare",
        "Locatarii blocurilor racordate la rețeaua de termoficare",
        "Linia telefonică este ocupată în primele zile reci.",
        "no-heating",
        (4, 5, 3, 4, 4),
        (4, 4, 3, 4, 5),
        20,
    ),
    (
        "Harta iluminatului public cu defecțiuni",
        "Felinarele stinse sunt raportate, dar nu se vede unde lipsește lumina.",
        "Î.M. Iluminat Public",
        "Pietonii seara, în special în cartierele Dacia și Molodova",
        "",
        "street-light-out",
        (3, 3, 4, 5, 4),
        (3, 2, 4, 5, 4),
        5,
    ),
]


def category_by_code(code: str):  # noqa: ANN201
    return active_categories().filter(code=code).first()


def _score(need: Need, side: str, values: tuple[int, ...], by) -> None:  # noqa: ANN001
    for code, value in zip(CRITERIA, values, strict=True):
        NeedScore.objects.update_or_create(
            need=need,
            criterion=Criterion.objects.get(code=code),
            side=side,
            defaults={"value": value, "scored_by": by},
        )


@transaction.atomic
def needs_load() -> None:
    users = get_user_model()
    city, partner = users.objects.get(username="cabinet"), users.objects.get(username="partener")
    for title, description, service, affected, evidence, code, ours, theirs, n in NEEDS:
        need, created = Need.objects.get_or_create(
            title=title,
            defaults={
                "description": description,
                "service": service,
                "affected": affected,
                "evidence": evidence,
                "category": category_by_code(code) if code else None,
                "registered_by": partner,
            },
        )
        if not created:
            continue
        _score(need, "city", ours, city)
        _score(need, "partner", theirs, partner)
        for i in range(n):
            NeedSupport.objects.create(need=need, session_key=f"demo-{need.pk}-{i}")


def members_partner():  # noqa: ANN201 - the demo partner representative's user
    return get_user_model().objects.get(username="partener")
