"""The demo catalogue of Bălți's city hall services, illustrative.

The kinds of service are those a Moldovan city hall answers for (urban planning
certificates and permits, trade notifications, social aid, housing matters, copies
from the register); names, fees, documents and terms here are written for the demo
from the general rules (Administrative Code, 30 days), not taken from the city's own
regulations, and each service is flagged illustrative.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from smartcity.city import register
from smartcity.city.demo import DEMO_PASSWORD
from smartcity.city.models import Department
from smartcity.public_services.models import Application, ApplicationEvent, Service

K = Service.Kind
LANGUAGES = ("ro", "ru", "en")
# slug, kind, department slug, fee (lei), term (days), bookable,
# name and documents (one per line) in ro / ru / en.
CATALOGUE = (
    (
        "certificat-urbanism",
        K.CERTIFICATE,
        "arhitectura",
        "150",
        10,
        True,
        (
            "Certificat de urbanism pentru proiectare",
            "Градостроительный сертификат для проектирования",
            "Urban planning certificate for design",
        ),
        (
            "Buletinul de identitate\nExtrasul din Registrul bunurilor imobile\nPlanul cadastral",
            "Удостоверение личности\nВыписка из Реестра недвижимого имущества\nКадастровый план",
            "Identity card\nExtract from the Real Estate Register\nCadastral plan",
        ),
    ),
    (
        "autorizatie-construire",
        K.PERMIT,
        "arhitectura",
        "300",
        10,
        True,
        ("Autorizație de construire", "Разрешение на строительство", "Building permit"),
        (
            "Certificatul de urbanism\nProiectul de execuție verificat\nActul de proprietate",
            "Градостроительный сертификат\nПроверенный рабочий проект\nДокумент о собственности",
            "Urban planning certificate\nThe checked execution project\nProof of ownership",
        ),
    ),
    (
        "notificare-comert",
        K.REGISTRATION,
        "comert",
        "0",
        30,
        False,
        (
            "Notificare privind inițierea activității de comerț",
            "Уведомление о начале торговой деятельности",
            "Notice of starting a trade activity",
        ),
        (
            "Extrasul din Registrul de stat al persoanelor juridice\nContractul de locațiune",
            "Выписка из Государственного регистра юридических лиц\nДоговор аренды",
            "Extract from the State Register of legal entities\nThe lease contract",
        ),
    ),
    (
        "ajutor-material",
        K.SOCIAL_AID,
        "asistenta-sociala",
        "0",
        30,
        True,
        ("Ajutor material unic", "Единовременная материальная помощь", "One-off material aid"),
        (
            "Buletinul de identitate\nCertificatul despre venituri\nActe care confirmă situația",
            "Удостоверение личности\nСправка о доходах\nДокументы, подтверждающие ситуацию",
            "Identity card\nIncome certificate\nDocuments showing the situation",
        ),
    ),
    (
        "componenta-familiei",
        K.CERTIFICATE,
        "locativ",
        "20",
        5,
        True,
        (
            "Certificat privind componența familiei",
            "Справка о составе семьи",
            "Certificate of household composition",
        ),
        (
            "Buletinele de identitate ale membrilor familiei\n"
            "Contractul de locațiune sau actul de proprietate",
            "Удостоверения личности членов семьи\nДоговор найма или документ о собственности",
            "Identity cards of the household's members\nThe tenancy contract or proof of ownership",
        ),
    ),
    (
        "privatizare-locuinta",
        K.HOUSING,
        "locativ",
        "0",
        30,
        True,
        ("Privatizarea locuinței", "Приватизация жилья", "Privatisation of a dwelling"),
        (
            "Contractul de locațiune\nBuletinele de identitate ale chiriașilor\n"
            "Consimțământul membrilor familiei",
            "Договор найма\nУдостоверения личности нанимателей\nСогласие членов семьи",
            "The tenancy contract\nThe tenants' identity cards\nThe household's consent",
        ),
    ),
    (
        "ocupare-domeniu-public",
        K.PERMIT,
        "drumuri",
        "100",
        15,
        False,
        (
            "Autorizație de ocupare temporară a domeniului public",
            "Разрешение на временное занятие публичной территории",
            "Permit to occupy public land temporarily",
        ),
        (
            "Schița amplasamentului\nGraficul lucrărilor",
            "Схема размещения\nГрафик работ",
            "Site sketch\nWork schedule",
        ),
    ),
    (
        "taiere-arbori",
        K.PERMIT,
        "spatii-verzi",
        "0",
        30,
        False,
        (
            "Permisiune de tăiere sau toaletare a arborilor",
            "Разрешение на вырубку или обрезку деревьев",
            "Permission to fell or prune trees",
        ),
        (
            "Fotografii ale arborilor\nActul de proprietate asupra terenului",
            "Фотографии деревьев\nДокумент о собственности на участок",
            "Photographs of the trees\nProof of ownership of the land",
        ),
    ),
    (
        "copie-decizie",
        K.CERTIFICATE,
        "cancelaria",
        "10",
        10,
        True,
        (
            "Copie autentificată a unei decizii a Consiliului municipal",
            "Заверенная копия решения муниципального совета",
            "Certified copy of a municipal council decision",
        ),
        ("Buletinul de identitate", "Удостоверение личности", "Identity card"),
    ),
)


def catalogue_loaded() -> bool:
    return Service.objects.filter(is_illustrative=True).exists()


@transaction.atomic
def catalogue_load() -> int:
    """Create the demo services whose department exists; returns how many were made."""
    departments = {d.slug: d for d in Department.objects.all()}
    made = 0
    for slug, kind, dept, fee, term, bookable, names, documents in CATALOGUE:
        department = departments.get(dept)
        if department is None:
            continue
        _, created = Service.objects.update_or_create(
            slug=slug,
            defaults={
                "kind": kind,
                "department": department,
                "fee_lei": Decimal(fee),
                "legal_term_days": term,
                "bookable": bookable,
                "is_illustrative": True,
                **{f"name_{lang}": text for lang, text in zip(LANGUAGES, names, strict=True)},
                **{
                    f"documents_required_{lang}": text
                    for lang, text in zip(LANGUAGES, documents, strict=True)
                },
            },
        )
        made += created
    return made


# The demo resident who applied (user name and the demo password of the staff).
RESIDENT = "rezident"
APPLICANTS = ("Ion Țurcanu", "Maria Rusu", "Olga Bălan", "Serghei Coval", "Ana Știrbu")
# (days since registration, status, decision, extended): some answered in term, some
# late, some still open past their deadline (overdue).
STORIES = (
    (2, "registered", "", False),
    (8, "in_review", "", False),
    (25, "in_review", "", False),
    (40, "in_review", "", False),
    (38, "extended", "", True),
    (60, "extended", "", True),
    (20, "answered", "approved", False),
    (45, "answered", "refused", False),
    (70, "answered", "approved", True),
    (12, "withdrawn", "", False),
)


def applications_loaded() -> bool:
    return Application.objects.filter(is_illustrative=True).exists()


@transaction.atomic
def applications_load(*, seed: int = 2026) -> int:
    """Illustrative applications of the demo resident across statuses, some overdue."""
    rng = random.Random(seed)
    resident, created = get_user_model().objects.get_or_create(
        username=RESIDENT,
        defaults={"first_name": "Ion", "last_name": "Țurcanu", "email": "rezident@example.md"},
    )
    if created:
        resident.set_password(DEMO_PASSWORD)
        resident.save()
    now = timezone.now()
    made = 0
    for service in Service.objects.filter(is_illustrative=True).select_related("department"):
        for age, status, decision, extended in rng.sample(STORIES, 4):
            registered_at = now - datetime.timedelta(days=age, hours=rng.randint(0, 8))
            entry = register.register_entry_take(
                code=register.register_code_of(service.department), moment=registered_at
            )
            legal = timezone.localtime(registered_at).date() + datetime.timedelta(
                days=service.legal_term_days
            )
            deadline = legal + datetime.timedelta(days=15 if extended else 0)
            answered_at = registered_at + datetime.timedelta(days=age - 1 if age > 1 else 0)
            application = Application.objects.create(
                kind=Application.Kind.SERVICE,
                service=service,
                department=service.department,
                applicant=resident,
                applicant_name=rng.choice(APPLICANTS),
                idnp=f"2{rng.randrange(10**11, 10**12):012d}",
                email=resident.email,
                register_code=entry.code,
                year=entry.year,
                sequence=entry.sequence,
                number=entry.number,
                registered_at=registered_at,
                legal_deadline=legal,
                deadline=deadline,
                extended_at=registered_at + datetime.timedelta(days=5) if extended else None,
                extension_reason="Se cer acte din arhivă." if extended else "",
                status=status,
                decision=decision,
                answer="Răspuns ilustrativ." if status == "answered" else "",
                answered_at=answered_at if status == "answered" else None,
                is_illustrative=True,
            )
            ApplicationEvent.objects.create(
                application=application, at=registered_at, status="registered"
            )
            if status != "registered":
                ApplicationEvent.objects.create(
                    application=application,
                    at=registered_at + datetime.timedelta(days=1),
                    status=status,
                )
            made += 1
    return made


def public_services_load(*, seed: int, progress: Callable[[str], object]) -> None:
    """The demo's catalogue, then its applications, each once."""
    if not catalogue_loaded():
        progress("Loading the city hall's services catalogue (illustrative)…")
        catalogue_load()
    if not applications_loaded():
        progress("Loading applications to the city hall (illustrative)…")
        applications_load(seed=seed)
