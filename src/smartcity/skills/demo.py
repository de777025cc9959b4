"""Demo data of the skills study (illustrative: invented enterprises marked "(exemplu)"
and generated answers, deterministic for a seed): the classification, the questionnaire,
two closed rounds and this year's open one."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from smartcity.collaboration.models import Organisation
from smartcity.skills import services
from smartcity.skills.models import Answer, Invitation, Question, Response, StudyRound, Survey

# (name, sector code, sector as the directory writes it, size, street)
ENTERPRISES = [
    ("Nord Soft SRL (exemplu)", "software", "dezvoltare software", "small", "str. Independenței"),
    ("Bălți Code Lab SRL (exemplu)", "software", "dezvoltare software", "micro", "str. Pușkin"),
    ("Răut Digital SRL (exemplu)", "software", "servicii IT", "small", "str. Ștefan cel Mare"),
    ("Web Nord SRL (exemplu)", "software", "dezvoltare web", "micro", "str. Decebal"),
    ("Data Moldova Nord SRL (exemplu)", "software", "servicii IT", "medium", "str. Kiev"),
    ("NordTel SA (exemplu)", "telecom", "telecomunicații", "medium", "str. Sorocii"),
    ("Fibra Bălți SRL (exemplu)", "telecom", "telecomunicații", "small", "str. Conev"),
    ("Radio Nord Tehnic SRL (exemplu)", "telecom", "telecomunicații", "micro", "str. Victoriei"),
    ("ElectroCablu Nord SA (exemplu)", "electrical", "cablaje auto", "large", "str. Industrială"),
    (
        "Electronica Bălți SRL (exemplu)",
        "electrical",
        "echipamente electronice",
        "medium",
        "str. Feroviarilor",
    ),
    ("Automatica Nord SRL (exemplu)", "electrical", "automatizări", "small", "str. Strîi"),
    (
        "Mecanica Răut SA (exemplu)",
        "machinery",
        "construcția de mașini",
        "medium",
        "str. Industrială",
    ),
    ("AgroMaș Nord SA (exemplu)", "machinery", "mașini agricole", "large", "str. Sorocii"),
    (
        "Metal Prelucrare SRL (exemplu)",
        "machinery",
        "prelucrarea metalelor",
        "small",
        "str. Calea Ieșilor",
    ),
    ("Lactate Nord SA (exemplu)", "food", "industria alimentară", "large", "str. Ștefan cel Mare"),
    ("Panificația Bălți SA (exemplu)", "food", "industria alimentară", "medium", "str. Pușkin"),
    ("Zahăr Nord SA (exemplu)", "food", "industria alimentară", "medium", "str. Calea Ieșilor"),
    ("Confecții Nord SA (exemplu)", "light_industry", "industria ușoară", "large", "str. Decebal"),
    (
        "Încălțăminte Răut SRL (exemplu)",
        "light_industry",
        "industria ușoară",
        "medium",
        "str. Kiev",
    ),
    ("Termo Nord SA (exemplu)", "energy", "energie termică", "medium", "str. Strîi"),
    ("Solar Nord SRL (exemplu)", "energy", "energie regenerabilă", "small", "str. Victoriei"),
    ("ConstructInginer SRL (exemplu)", "construction", "construcții", "small", "str. Conev"),
    (
        "Proiect Nord SRL (exemplu)",
        "construction",
        "servicii de inginerie",
        "micro",
        "str. Independenței",
    ),
    (
        "Logistica Nord SRL (exemplu)",
        "transport",
        "transport și logistică",
        "medium",
        "str. Feroviarilor",
    ),
]

OCCUPATIONS_BY_SECTOR = {
    "software": ["2512", "2513", "2514", "2511", "2519", "2521", "2522", "3512", "3514", "1330"],
    "telecom": ["2153", "3522", "2523", "3513", "3511", "2522", "1330"],
    "electrical": ["2151", "2152", "3113", "3114", "2144", "3115", "2514"],
    "machinery": ["2144", "3115", "2149", "2151", "3113"],
    "food": ["3115", "2144", "3113", "3512", "2522"],
    "light_industry": ["3115", "2144", "3512"],
    "energy": ["2151", "3113", "2149", "3512"],
    "construction": ["2149", "2151", "3113", "2144"],
    "transport": ["3512", "2522", "3115", "2514"],
    "other": ["3512", "2522"],
}
ICT_SECTORS = ("software", "telecom")
TRAINING = ["internships", "dual", "short_courses", "in_house", "online", "certification", "degree"]
REASONS = ["few_candidates", "skills", "experience", "salary", "emigration"]
PARTNERS = ["vocational", "colleges", "university", "training_centres"]


def _in_order(chosen: list[str], order: list[str]) -> list[str]:
    """Choices as the questionnaire orders its options (as a saved answer has them)."""
    return [code for code in order if code in chosen]


STAFF_SCALE = {"micro": 2, "small": 5, "medium": 12, "large": 30}


def answers_generate(
    rng: random.Random, *, sector: str, size: str, skills: dict[str, list[str]]
) -> dict:
    """Plausible answers of one enterprise (illustrative, not anyone's real answers)."""
    scale = STAFF_SCALE[size]
    occupations = OCCUPATIONS_BY_SECTOR.get(sector, OCCUPATIONS_BY_SECTOR["other"])
    staff = {}
    for code in rng.sample(occupations, k=rng.randint(1, min(4, len(occupations)))):
        current = rng.randint(1, scale)
        staff[code] = {
            "current": current,
            "vacant": rng.randint(0, max(1, current // 3)),
            "hire_1y": rng.randint(0, max(1, current // 2)),
            "hire_3y": rng.randint(0, current),
        }
    hard = [code for code in staff if rng.random() < 0.45]
    own = skills["ict"] if sector in ICT_SECTORS else skills["engineering"]
    needed = rng.sample(own, k=min(len(own), rng.randint(4, 9))) + rng.sample(
        skills["transversal"], k=2
    )
    skill_states = {code: rng.choice(["sufficient", "lacking", "lacking"]) for code in needed}
    answers: dict = {
        "sector": sector,
        "size": size,
        "staff": staff,
        "has_hard_to_fill": "yes" if hard else "no",
        "skills_staff": skill_states,
        "skills_graduates": _in_order(
            rng.sample(needed, k=min(len(needed), rng.randint(1, 4))), skills["order"]
        ),
        "graduate_readiness": rng.choice([2, 2, 3, 3, 4]),
        "training_forms": _in_order(rng.sample(TRAINING, k=rng.randint(1, 3)), TRAINING),
        "cooperates": rng.choice(["yes", "no", "no"]),
        "cooperation_interest": rng.choice([3, 4, 4, 5]),
    }
    if hard:
        answers["hard_to_fill"] = sorted(hard)
        answers["hard_to_fill_reasons"] = _in_order(rng.sample(REASONS, k=2), REASONS)
    if answers["cooperates"] == "yes":
        answers["cooperation_with"] = _in_order(rng.sample(PARTNERS, k=2), PARTNERS)
    return answers


def skills_by_field() -> dict[str, list[str]]:
    from smartcity.skills.models import Skill

    found: dict[str, list[str]] = {"ict": [], "engineering": [], "transversal": [], "order": []}
    for code, field in Skill.objects.values_list("code", "field"):
        found[field].append(code)
        found["order"].append(code)
    return found


def responses_fill(
    study_round: StudyRound,
    invitations: list[Invitation],
    *,
    rng: random.Random,
    sectors: dict[int, tuple[str, str]],
    submitted_at: datetime.datetime | None,
    partial: bool = False,
) -> None:
    """Responses (submitted, or in progress when `partial`) for these invitations, in bulk;
    `sectors` maps an organisation id to its (sector code, size)."""
    questions = {q.code: q for q in Question.objects.filter(section__survey=study_round.survey)}
    skills = skills_by_field()
    now = timezone.now()
    responses = Response.objects.bulk_create(
        Response(invitation=i, started_at=now, updated_at=now, submitted_at=submitted_at)
        for i in invitations
    )
    answers = []
    for response, invitation in zip(responses, invitations, strict=True):
        sector, size = sectors[invitation.organisation_id]
        given = answers_generate(rng, sector=sector, size=size, skills=skills)
        if partial:
            given = {code: given[code] for code in ("sector", "size", "staff") if code in given}
        answers += [
            Answer(response=response, question=questions[code], value=value, saved_at=now)
            for code, value in given.items()
        ]
    Answer.objects.bulk_create(answers, batch_size=2000)


def skills_loaded() -> bool:
    return StudyRound.objects.exists()


@transaction.atomic
def skills_load(*, seed: int = 2026, progress: Callable[[str], object] = lambda _m: None) -> Survey:
    """The classification, the questionnaire, the demo enterprises in the directory and
    three rounds: the two years before (closed, 17 and 20 answers) and this year's (open,
    12 answered, 4 in progress). Idempotent: does nothing once a round exists."""
    services.classification_load()
    survey = services.questionnaire_load()
    if skills_loaded():
        return survey
    rng = random.Random(seed)
    sectors: dict[int, tuple[str, str]] = {}
    for name, code, sector, size, street in ENTERPRISES:
        organisation, _created = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "kind": Organisation.Kind.BUSINESS,
                "sector": sector,
                "size": size,
                "address": f"{street}, Bălți",
                "email": f"contact{len(sectors) + 1}@exemplu.md",
            },
        )
        sectors[organisation.pk] = (code, size)
    for organisation in Organisation.objects.filter(kind=Organisation.Kind.BUSINESS).exclude(
        pk__in=sectors
    ):
        code = "software" if "software" in organisation.sector else "electrical"
        sectors[organisation.pk] = (code, organisation.size or "small")
    now = timezone.now()
    tz = timezone.get_current_timezone()
    rounds = [
        StudyRound.objects.create(
            survey=survey,
            year=year,
            opens_at=datetime.datetime(year, 2, 1, tzinfo=tz),
            closes_at=datetime.datetime(year, 4, 1, tzinfo=tz),
        )
        for year in (now.year - 2, now.year - 1)
    ]
    current = StudyRound.objects.create(
        survey=survey,
        year=now.year,
        opens_at=now - datetime.timedelta(days=20),
        closes_at=now + datetime.timedelta(days=40),
    )
    businesses = list(Organisation.objects.filter(pk__in=sectors).order_by("name"))
    plan = ((rounds[0], 17, 0), (rounds[1], 20, 0), (current, 12, 4))
    for study_round, submitted, partial in plan:
        progress(f"  skills study round {study_round.year}…")
        invitations = services.invitations_create(round=study_round, organisations=businesses)
        Invitation.objects.filter(round=study_round).update(sent_at=study_round.opens_at)
        shuffled = rng.sample(invitations, k=len(invitations))
        responses_fill(
            study_round,
            shuffled[:submitted],
            rng=rng,
            sectors=sectors,
            submitted_at=min(study_round.opens_at + datetime.timedelta(days=10), now),
        )
        if partial:
            responses_fill(
                study_round,
                shuffled[submitted : submitted + partial],
                rng=rng,
                sectors=sectors,
                submitted_at=None,
                partial=True,
            )
    return survey
