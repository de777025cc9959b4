"""Demo data of the collaboration in Bălți: criteria, members, needs (illustrative only)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from smartcity.city.demo import DEMO_PASSWORD
from smartcity.collaboration.models import (
    Criterion,
    Event,
    Member,
    Need,
    NeedScore,
    NeedSupport,
    Organisation,
    Project,
    ProjectIdea,
)
from smartcity.collaboration.services import (
    IdeaContent,
    evaluation_note_add,
    evaluator_assign,
    idea_answer,
    idea_draft_create,
    idea_draft_save,
    idea_submit,
    letter_receipt_record,
    milestone_add,
)
from smartcity.service_requests.models import ServiceCategory

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
                "category": ServiceCategory.objects.filter(code=code).first() if code else None,
                "registered_by": partner,
            },
        )
        if not created:
            continue
        _score(need, "city", ours, city)
        _score(need, "partner", theirs, partner)
        for i in range(n):
            NeedSupport.objects.create(need=need, session_key=f"demo-{need.pk}-{i}")


# (title, domain, problem, solution, cost, timeline, partners, linked need titles)
IDEAS = [
    (
        "Școală digitală în Bălțiul Nou: tablete și rețea",
        "education",
        "Elevii din Bălțiul Nou nu au acces la lecții digitale în clasă.",
        "Rețea Wi-Fi și 60 de tablete pentru liceul din cartier, cu instruirea profesorilor.",
        Decimal("480000"),
        "Februarie–iunie 2027",
        "ACETI; liceul din Bălțiul Nou",
        [],
    ),
    (
        "Telegestiunea iluminatului public pe strada Ștefan cel Mare",
        "lighting",
        "Felinarele ard la putere maximă toată noaptea, iar defecțiunile se află târziu.",
        "Controlere cu telegestiune pentru 120 de felinare și o hartă publică a defecțiunilor.",
        Decimal("1250000"),
        "12 luni",
        "ACETI; Î.M. Iluminat Public",
        ["Harta iluminatului public cu defecțiuni"],
    ),
    (
        "Programare online la oficiul stare civilă",
        "public_services",
        "Locuitorii stau la coadă pentru a depune actele la oficiul stare civilă.",
        "Un modul de programare online cu confirmare prin SMS și e-mail.",
        Decimal("180000"),
        "4 luni",
        "ACETI",
        ["Programare online la starea civilă"],
    ),
]


def _idea_load(partner, row) -> ProjectIdea:  # noqa: ANN001
    title, domain, problem, solution, cost, timeline, partners, need_titles = row
    idea = idea_draft_create(by=partner)
    idea_draft_save(
        idea=idea,
        by=partner,
        content=IdeaContent(
            title=title,
            domain=domain,
            problem=problem,
            solution=solution,
            cost_estimate=cost,
            timeline=timeline,
            partners=partners,
            annexes="Deviz estimativ",
            need_ids=list(Need.objects.filter(title__in=need_titles).values_list("pk", flat=True)),
        ),
    )
    return idea_submit(idea=idea, by=partner)


def ideas_load() -> None:
    """Three submitted ideas with their letters: one accepted with a joint project, one
    under evaluation, one waiting; plus a draft. Illustrative, not real decisions."""
    if ProjectIdea.objects.exists():
        return
    users = get_user_model()
    partner = users.objects.get(username="partener")
    office = users.objects.get(username="cabinet")
    evaluator = users.objects.get(username="evaluator")
    school, lighting, _registry = (_idea_load(partner, row) for row in IDEAS)
    for idea in (school, lighting):
        letter_receipt_record(
            letter=idea.letter,
            by=office,
            received_on=timezone.localdate(idea.letter.registered_at),
            incoming_number=f"02/1-{idea.letter.sequence:03d}",
        )
        evaluator_assign(idea=idea, by=office, evaluator_id=evaluator.pk)
    evaluation_note_add(idea=lighting, by=evaluator, text="De verificat consumul actual.")
    year = timezone.localdate().year + 1
    idea_answer(
        idea=school,
        by=office,
        decision="accepted",
        text="Se finanțează din bugetul municipal.",
        cost=Decimal("450000"),
        starts=datetime.date(year, 2, 1),
        ends=datetime.date(year, 6, 30),
    )
    project = Project.objects.get(idea=school)
    for title, month in (
        ("Achiziția tabletelor", 3),
        ("Instalarea rețelei Wi-Fi", 4),
        ("Instruirea profesorilor", 6),
    ):
        milestone_add(project=project, by=office, title=title, due_on=datetime.date(year, month, 1))
    draft = idea_draft_create(by=partner)
    idea_draft_save(idea=draft, by=partner, content=IdeaContent(title="Bilete electronice"))


# (title, kind, days from the demo day, hour, hours, place, online link, capacity)
EVENTS = [
    (
        "Atelier: ce servicii publice digitalizăm întâi",
        "workshop",
        14,
        10,
        3,
        "Centrul de Inovare și Transfer Tehnologic, Bălți",
        "",
        30,
    ),
    (
        "Hackathon: date deschise pentru Bălți",
        "hackathon",
        30,
        9,
        9,
        "Universitatea din Bălți",
        "",
        60,
    ),
    (
        "Sesiune de informare: ideile de proiect și scrisoarea către primar",
        "information",
        -20,
        15,
        2,
        "",
        "https://meet.example.md/balti-idei",
        None,
    ),
]


def events_load() -> None:
    """Two coming events and one past, relative to the day the demo is loaded."""
    if Event.objects.exists():
        return
    office = get_user_model().objects.get(username="cabinet")
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    for title, kind, days, hour, hours, place, online, capacity in EVENTS:
        day = today + datetime.timedelta(days=days)
        starts = datetime.datetime.combine(day, datetime.time(hour), tzinfo=tz)
        event = Event.objects.create(
            title=title,
            kind=kind,
            agenda="Prezentări; lucru în grupuri; concluzii.",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=hours),
            place=place,
            online_url=online,
            capacity=capacity,
            organiser=office,
            minutes="Au participat 24 de persoane; s-au propus trei idei." if days < 0 else "",
        )
        if days < 0:
            event.ideas.set(ProjectIdea.objects.exclude(status="draft")[:2])


# (name, kind, sector, size, center relation, address, latitude, longitude); points are
# approximate and the two businesses are invented for the demo (their names say so).
ORGANISATIONS = [
    (
        "Primăria municipiului Bălți",
        "local_authority",
        "administrație publică locală",
        "large",
        "partner",
        "Piața Independenței 1, Bălți",
        47.7617,
        27.9289,
    ),
    (
        "ACETI — asociația pentru comunicații electronice și tehnologii inovaționale",
        "ngo",
        "TIC, inovare",
        "micro",
        "member",
        "Bălți",
        None,
        None,
    ),
    (
        "Universitatea de Stat „Alecu Russo” din Bălți",
        "academia",
        "învățământ superior, cercetare",
        "large",
        "partner",
        "str. Pușkin 38, Bălți",
        47.7569,
        27.9256,
    ),
    (
        "Centrul de Inovare și Transfer Tehnologic Bălți",
        "support",
        "inovare, transfer tehnologic",
        "micro",
        "",
        "Bălți",
        47.7600,
        27.9300,
    ),
    (
        "Demo Soft SRL (exemplu)",
        "business",
        "dezvoltare software",
        "small",
        "resident",
        "str. Ștefan cel Mare, Bălți",
        47.7630,
        27.9270,
    ),
    (
        "Demo Electro SA (exemplu)",
        "business",
        "echipamente electrice",
        "medium",
        "",
        "str. Feroviarilor, Bălți",
        47.7750,
        27.9350,
    ),
]


def organisations_load() -> None:
    if Organisation.objects.exists():
        return
    project = Project.objects.first()
    events = list(Event.objects.all())
    for name, kind, sector, size, relation, address, lat, lon in ORGANISATIONS:
        organisation = Organisation.objects.create(
            name=name,
            kind=kind,
            sector=sector,
            size=size,
            center_relation=relation,
            address=address,
            latitude=lat,
            longitude=lon,
        )
        if kind in ("local_authority", "ngo") and project is not None:
            organisation.projects.add(project)
        if kind in ("ngo", "academia", "support"):
            organisation.events.set(events)


def collaboration_load() -> None:
    """Everything the collaboration shows in the demo (idempotent)."""
    criteria_load()
    members_load()
    needs_load()
    ideas_load()
    events_load()
    organisations_load()


def collaboration_loaded() -> bool:
    return Criterion.objects.exists()
