"""Demo ideas with their letters, evaluation and one accepted joint project."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from smartcity.collaboration.models import (
    Need,
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
