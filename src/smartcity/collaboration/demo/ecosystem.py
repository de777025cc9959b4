"""Demo events and organisations around the partnership."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.html import escape

from smartcity.collaboration import services
from smartcity.collaboration.models import (
    Event,
    Organisation,
    Project,
    ProjectIdea,
)
from smartcity.web.pdf import pdf_from_html

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
            _conclusions_share(event, office)


def _conclusions_share(event: Event, by) -> None:  # noqa: ANN001
    """The past event's conclusions as a real PDF among its documents."""
    html = (
        '<html><body style="font-family: DejaVu Sans">'
        f"<h1>{escape(event.title)}</h1><p>Concluzii: trei idei de proiect, "
        "o listă de priorități pentru digitalizare.</p></body></html>"
    )
    pdf = pdf_from_html(html)
    upload = SimpleUploadedFile("concluzii.pdf", pdf, content_type="application/pdf")
    services.event_document_add(
        event=event, by=by, title="Concluziile evenimentului", upload=upload
    )


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
