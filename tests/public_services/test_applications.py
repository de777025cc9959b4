"""Applications for services: registration, deadlines, extension, answer, access."""

from __future__ import annotations

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from smartcity.city.models import RegisterCounter
from smartcity.public_services import selectors, services
from smartcity.public_services.models import Application, ApplicationAttachment
from tests.public_services.conftest import PDF

pytestmark = pytest.mark.django_db
CHISINAU = datetime.timezone(datetime.timedelta(hours=2))
MARCH_FIRST = datetime.datetime(2026, 3, 1, 10, tzinfo=CHISINAU)


def _apply(resident, certificate, applicant, uploads=()):
    return services.application_submit(
        by=resident, service=certificate, applicant=applicant, answers={}, uploads=list(uploads)
    )


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_an_application_gets_its_department_number_and_legal_deadline(
    resident, certificate, applicant
):
    certificate.legal_term_days = 30
    certificate.save()
    with time_machine.travel(MARCH_FIRST, tick=False):
        first = _apply(resident, certificate, applicant)
        second = _apply(resident, certificate, applicant)

    assert (first.number, second.number) == ("CAN-2026/0001", "CAN-2026/0002")
    # 30 calendar days from the day of registration.
    assert first.legal_deadline == first.deadline == datetime.date(2026, 3, 31)
    assert first.status == Application.Status.REGISTERED


def test_the_resident_is_sent_the_registration_by_email(
    resident, certificate, applicant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = _apply(resident, certificate, applicant)
    assert len(mail.outbox) == 1
    assert application.number in mail.outbox[0].subject
    assert mail.outbox[0].to == ["ion@example.md"]


def test_a_bad_idnp_is_refused(resident, certificate, applicant):
    applicant.idnp = "12345"
    with pytest.raises(ValidationError) as caught:
        _apply(resident, certificate, applicant)
    assert "idnp" in caught.value.error_dict
    assert not Application.objects.exists()


def test_a_file_that_is_not_a_document_writes_nothing(resident, certificate, applicant):
    good = SimpleUploadedFile("act.pdf", PDF, content_type="application/pdf")
    bad = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", content_type="application/pdf")
    with pytest.raises(ValidationError):
        _apply(resident, certificate, applicant, [good, bad])
    assert not Application.objects.exists()
    assert not ApplicationAttachment.objects.exists()
    assert not RegisterCounter.objects.exists()


def test_a_failed_attachment_store_leaves_no_half_written_application(
    resident, certificate, applicant, monkeypatch
):
    from django.core.files.storage import default_storage

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(default_storage, "save", broken)
    upload = SimpleUploadedFile("act.pdf", PDF, content_type="application/pdf")
    with pytest.raises(OSError):
        _apply(resident, certificate, applicant, [upload])
    assert not Application.objects.exists()
    assert RegisterCounter.objects.filter(last__gt=0).count() == 0


def test_the_term_is_extended_only_once_and_by_at_most_fifteen_days(
    resident, certificate, applicant, chancellery_staff
):
    with time_machine.travel(MARCH_FIRST, tick=False):
        application = _apply(resident, certificate, applicant)
    with pytest.raises(ValidationError):
        services.application_extend(
            application=application, by=chancellery_staff, days=16, reason="complex"
        )
    services.application_extend(
        application=application, by=chancellery_staff, days=15, reason="Cerem acte de arhivă."
    )
    application.refresh_from_db()
    assert application.deadline == application.legal_deadline + datetime.timedelta(days=15)
    assert application.status == Application.Status.EXTENDED
    with pytest.raises(ValidationError, match="o singură dată"):  # "only once", in Romanian
        services.application_extend(
            application=application, by=chancellery_staff, days=1, reason="again"
        )


def test_staff_of_another_department_cannot_answer(resident, certificate, applicant):
    from django.contrib.auth import get_user_model

    application = _apply(resident, certificate, applicant)
    roads = get_user_model().objects.get(username="drumuri")
    with pytest.raises(PermissionDenied):
        services.application_answer(
            application=application, by=roads, decision="approved", answer="Da."
        )


def test_the_answer_pdf_shows_romanian_diacritics_and_is_mailed(
    resident, certificate, applicant, chancellery_staff, django_capture_on_commit_callbacks
):
    application = _apply(resident, certificate, applicant)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_answer(
            application=application,
            by=chancellery_staff,
            decision="approved",
            answer="Copia deciziei: ș ț ă î â. Ș Ț Ă Î Â.",
        )
    application.refresh_from_db()
    with application.answer_pdf.open("rb") as pdf:
        text = _pdf_text(pdf.read())
    assert "ș ț ă î â" in text
    assert application.number in text
    answered = mail.outbox[-1]
    assert answered.attachments and answered.attachments[0][2] == "application/pdf"


def test_only_the_applicant_downloads_the_answer(
    client, resident, stranger, certificate, applicant, chancellery_staff
):
    application = _apply(resident, certificate, applicant)
    services.application_answer(
        application=application, by=chancellery_staff, decision="refused", answer="Nu."
    )
    url = reverse("public_services:answer", args=[application.pk])
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("public_services:application", args=[application.pk])).status_code == 404
    )
    client.force_login(resident)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_form_refuses_a_bad_idnp_in_the_users_language(client, resident, certificate):
    client.force_login(resident)
    response = client.post(
        reverse("public_services:apply", args=[certificate.slug]),
        {"applicant_name": "Ion", "idnp": "abc", "email": "ion@example.md"},
        HTTP_ACCEPT_LANGUAGE="ro",
        headers={"Accept-Language": "ro"},
    )
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_applying_through_the_page_registers_and_shows_the_number(client, resident, certificate):
    client.force_login(resident)
    url = reverse("public_services:apply", args=[certificate.slug])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "applicant_name": "Ion Țurcanu",
            "idnp": "2002001234567",
            "email": "ion@example.md",
            "attachments": [SimpleUploadedFile("buletin.pdf", PDF)],
        },
        follow=True,
    )
    application = Application.objects.get()
    assert application.number.encode() in response.content
    assert application.attachments.count() == 1


def test_the_staff_queue_puts_overdue_papers_first_and_filters_them(
    client, resident, certificate, applicant, chancellery_staff
):
    with time_machine.travel(MARCH_FIRST, tick=False):
        old = _apply(resident, certificate, applicant)
    recent = _apply(resident, certificate, applicant)
    client.force_login(chancellery_staff)
    url = reverse("public_services:staff_queue", args=["cancelaria"])
    body = client.get(url).content.decode()
    assert body.index(old.number) < body.index(recent.number)
    overdue = client.get(url, {"view": "overdue"}).content.decode()
    assert old.number in overdue and recent.number not in overdue


def test_another_departments_queue_is_forbidden(client, catalogue):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="drumuri"))
    url = reverse("public_services:staff_queue", args=["cancelaria"])
    assert client.get(url).status_code == 403


def test_an_anonymous_petition_cannot_be_sent(client, catalogue):
    url = reverse("public_services:petition")
    response = client.post(url, {"subject": "x"})
    assert response.status_code == 302
    assert not Application.objects.exists()


def test_a_petition_goes_to_the_chancellery_register_with_thirty_days(
    resident, catalogue, applicant
):
    with time_machine.travel(MARCH_FIRST, tick=False):
        petition = services.petition_submit(
            by=resident,
            applicant=applicant,
            content=services.PetitionContent(
                petition_kind="complaint", subject="Gropi", text="Strada e plină de gropi."
            ),
            uploads=[],
        )
    assert petition.number == "CAN-2026/0001"
    assert petition.deadline == datetime.date(2026, 3, 31)


def test_the_statistics_count_answers_in_term_per_department(
    client, resident, certificate, applicant, chancellery_staff
):
    with time_machine.travel(MARCH_FIRST, tick=False):
        late = _apply(resident, certificate, applicant)
        in_term = _apply(resident, certificate, applicant)
        services.application_answer(
            application=in_term, by=chancellery_staff, decision="approved", answer="Da."
        )
    with time_machine.travel(MARCH_FIRST + datetime.timedelta(days=60), tick=False):
        services.application_answer(
            application=late, by=chancellery_staff, decision="approved", answer="Da."
        )
    response = client.get(reverse("public_services:statistics"))
    assert response.status_code == 200
    assert response.context["overall"].answered == 2
    assert response.context["overall"].in_term == 1


def test_the_answers_day_is_counted_in_chisinau_against_the_deadline(
    resident, certificate, applicant, chancellery_staff
):
    with time_machine.travel(MARCH_FIRST, tick=False):
        application = _apply(resident, certificate, applicant)
    chisinau = zoneinfo.ZoneInfo("Europe/Chisinau")
    deadline_evening = datetime.datetime.combine(
        application.deadline, datetime.time(23, 30), tzinfo=chisinau
    )
    with time_machine.travel(deadline_evening, tick=False):
        services.application_answer(
            application=application, by=chancellery_staff, decision="approved", answer="Da."
        )
    with time_machine.travel(deadline_evening + datetime.timedelta(hours=1), tick=False):
        late = _apply(resident, certificate, applicant)
    # Half past midnight in Chișinău the day after: late, though still the deadline day in UTC.
    with time_machine.travel(
        datetime.datetime.combine(
            late.deadline + datetime.timedelta(days=1), datetime.time(0, 30), tzinfo=chisinau
        ),
        tick=False,
    ):
        services.application_answer(
            application=late, by=chancellery_staff, decision="approved", answer="Da."
        )

    _rates, overall = selectors.answered_in_term()

    application.refresh_from_db()
    late.refresh_from_db()
    assert application.answered_in_term is True and late.answered_in_term is False
    assert (overall.answered, overall.in_term) == (2, 1)
