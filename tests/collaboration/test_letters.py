"""Letters to the Mayor: numbering, the PDF in Romanian and Russian, receipt."""

from __future__ import annotations

import datetime
import io
import threading
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.urls import reverse
from pypdf import PdfReader

from smartcity.collaboration import services
from smartcity.collaboration.models import LetterToMayor, ProjectIdea

TITLE = "Școală digitală în Bălțiul Nou: tablete și rețea"


def _submitted(author, title: str = TITLE) -> ProjectIdea:
    idea = services.idea_draft_create(by=author)
    services.idea_draft_save(
        idea=idea,
        by=author,
        content=services.IdeaContent(
            title=title,
            domain="education",
            problem="Elevii din Bălțiul Nou nu au acces la lecții digitale în clasă.",
            solution="Rețea Wi-Fi și 60 de tablete pentru liceul din cartier.",
            cost_estimate=Decimal("480000"),
            timeline="Septembrie–decembrie",
            annexes="Deviz estimativ\nScrisoare de susținere a liceului",
        ),
    )
    return services.idea_submit(idea=idea, by=author)


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_letters_are_numbered_in_sequence_within_a_year(partner):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.UTC)):
        first, second = _submitted(partner, "Unu"), _submitted(partner, "Doi")
    with time_machine.travel(datetime.datetime(2027, 1, 2, 10, tzinfo=datetime.UTC)):
        third = _submitted(partner, "Trei")
    assert [first.letter.number, second.letter.number, third.letter.number] == [
        "CAN-2026/0001",
        "CAN-2026/0002",
        "CAN-2027/0001",
    ]


def test_the_pdf_names_the_number_and_the_title_with_romanian_diacritics(partner):
    idea = _submitted(partner)
    letter = LetterToMayor.objects.get(idea=idea)
    with letter.pdf.open("rb") as handle:
        text = _pdf_text(handle.read())
    assert letter.number in text
    assert TITLE in text
    assert "Piața Independenței 1" in text
    assert "Scrisoare de susținere a liceului" in text  # an annex the author listed


def test_the_letter_is_drawn_in_russian_on_request(client, partner):
    idea = _submitted(partner)
    client.force_login(partner)
    response = client.get(
        reverse("collaboration:letter_pdf", args=[idea.letter.pk]), {"language": "ru"}
    )
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Примару муниципия Бельцы" in text
    assert idea.letter.number in text and TITLE in text


def test_strangers_cannot_read_the_letter(client, partner, resident):
    idea = _submitted(partner)
    client.force_login(resident)
    response = client.get(reverse("collaboration:letter_pdf", args=[idea.letter.pk]))
    assert response.status_code == 403


def test_the_mayors_office_records_the_receipt(client, partner, mayors_office):
    idea = _submitted(partner)
    client.force_login(mayors_office)
    today = datetime.date.today()
    client.post(
        reverse("collaboration:letter_receipt", args=[idea.letter.pk]),
        {"received_on": today.isoformat(), "incoming_number": "02/1-15-341"},
    )
    letter = LetterToMayor.objects.get(pk=idea.letter.pk)
    assert (letter.received_on, letter.incoming_number) == (today, "02/1-15-341")
    assert letter.receipt_recorded_by == mayors_office
    page = client.get(reverse("collaboration:idea", args=[idea.pk])).content.decode()
    assert "02/1-15-341" in page


def test_only_the_mayors_office_records_receipt(partner):
    idea = _submitted(partner)
    with pytest.raises(PermissionDenied):
        services.letter_receipt_record(
            letter=idea.letter, by=partner, received_on=datetime.date.today(), incoming_number="1"
        )


def test_a_receipt_before_registration_is_refused(partner, mayors_office):
    idea = _submitted(partner)
    with pytest.raises(ValidationError):
        services.letter_receipt_record(
            letter=idea.letter,
            by=mayors_office,
            received_on=datetime.date(2000, 1, 1),
            incoming_number="1",
        )


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_never_share_a_number(balti):
    from smartcity.collaboration import demo

    demo.criteria_load()
    demo.members_load()
    from django.contrib.auth import get_user_model

    partner = get_user_model().objects.get(username="partener")
    ideas = []
    for n in range(6):
        idea = services.idea_draft_create(by=partner)
        services.idea_draft_save(
            idea=idea,
            by=partner,
            content=services.IdeaContent(
                title=f"Idee {n}",
                domain="culture",
                problem="O problemă descrisă suficient de lung.",
                solution="O soluție.",
                cost_estimate=Decimal("1000"),
                timeline="o lună",
            ),
        )
        ideas.append(idea)
    barrier = threading.Barrier(len(ideas))
    errors = []

    def submit(idea: ProjectIdea) -> None:
        try:
            barrier.wait()
            services.letter_register(idea=idea)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(idea,)) for idea in ideas]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    sequences = sorted(LetterToMayor.objects.values_list("sequence", flat=True))
    assert sequences == [1, 2, 3, 4, 5, 6]


def test_the_stored_pdf_has_a_name_that_cannot_be_guessed(partner):
    first, second = _submitted(partner, "Unu"), _submitted(partner, "Doi")
    names = [first.letter.pdf.name, second.letter.pdf.name]
    assert names[0].startswith(f"letters/{first.letter.year}/CAN-")
    assert all(len(n.rsplit("-", 1)[1]) == len("0123456789abcdef.pdf") for n in names)
    assert names[0].rsplit("-", 1)[1] != names[1].rsplit("-", 1)[1]
