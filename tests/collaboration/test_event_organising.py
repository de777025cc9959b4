"""Organising events on the pages: announcing and changing them, and the minutes and
documents they leave behind."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from smartcity.collaboration import services
from smartcity.collaboration.models import Event, EventDocument, Registration

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    return buffer.getvalue()


@pytest.fixture
def held(partner):
    """A workshop that took place yesterday, organised by the partner."""
    starts = timezone.now() - datetime.timedelta(days=1)
    return Event.objects.create(
        title="Hackathon: date deschise ale orașului",
        kind="hackathon",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=8),
        place="Centrul de Inovare și Transfer Tehnologic, Bălți",
        organiser=partner,
    )


def _form(**changes) -> dict:
    starts = timezone.localtime() + datetime.timedelta(days=10)
    data = {
        "title": "Atelier: înregistrarea online la starea civilă",
        "kind": "workshop",
        "starts_at": starts.strftime("%Y-%m-%dT10:00"),
        "ends_at": starts.strftime("%Y-%m-%dT13:00"),
        "place": "Primăria Bălți, sala mică",
        "online_url": "",
        "capacity": "2",
        "description": "",
        "agenda": "10:00 Deschidere",
    }
    data.update(changes)
    return data


def test_a_partner_announces_an_event_and_becomes_its_organiser(client, partner):
    client.force_login(partner)
    response = client.post(reverse("collaboration:event_create"), _form())
    event = Event.objects.get()
    assert response.url == reverse("collaboration:event", args=[event.pk])
    assert event.organiser == partner
    assert event.capacity == 2
    assert timezone.localtime(event.starts_at).hour == 10


def test_a_resident_cannot_announce_an_event(client, resident):
    client.force_login(resident)
    response = client.post(reverse("collaboration:event_create"), _form())
    assert response.status_code == 403
    assert not Event.objects.exists()


def test_city_staff_announce_events(client, balti):
    staff = get_user_model().objects.get(username="iluminat")
    client.force_login(staff)
    client.post(reverse("collaboration:event_create"), _form())
    assert Event.objects.get().organiser == staff


def test_an_event_ending_before_it_starts_is_refused_in_romanian(client, partner):
    client.force_login(partner)
    starts = timezone.localtime() + datetime.timedelta(days=3)
    response = client.post(
        reverse("collaboration:event_create"),
        _form(
            starts_at=starts.strftime("%Y-%m-%dT12:00"),
            ends_at=starts.strftime("%Y-%m-%dT09:00"),
            place="",
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Evenimentul se termină înainte de a începe." in page
    assert "Indicați locul sau linkul online." in page
    assert not Event.objects.exists()


def test_a_garbled_date_is_refused_with_a_translated_error(client, partner):
    client.force_login(partner)
    response = client.post(reverse("collaboration:event_create"), _form(starts_at="mâine"))
    assert response.status_code == 400
    assert "Scrieți data și ora" in response.content.decode()


def test_more_seats_move_the_waiting_list_up_in_order(
    client, partner, django_capture_on_commit_callbacks
):
    from django.core import mail

    client.force_login(partner)
    client.post(reverse("collaboration:event_create"), _form())
    event = Event.objects.get()
    people = [
        services.event_register(event=event, name=f"P{n}", email=f"p{n}@example.md")
        for n in range(4)
    ]
    assert [p.status for p in people] == ["confirmed", "confirmed", "waiting", "waiting"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("collaboration:event_edit", args=[event.pk]), _form(capacity="3"))
    statuses = list(Registration.objects.order_by("id").values_list("status", flat=True))
    assert statuses == ["confirmed", "confirmed", "confirmed", "waiting"]
    assert [m.to for m in mail.outbox] == [["p2@example.md"]]


def test_the_capacity_never_drops_below_the_seats_given(client, partner):
    client.force_login(partner)
    client.post(reverse("collaboration:event_create"), _form())
    event = Event.objects.get()
    for n in range(2):
        services.event_register(event=event, name=f"P{n}", email=f"p{n}@example.md")
    response = client.post(
        reverse("collaboration:event_edit", args=[event.pk]), _form(capacity="1")
    )
    assert response.status_code == 400
    assert "2 persoane au deja un loc" in response.content.decode()
    event.refresh_from_db()
    assert event.capacity == 2


def test_only_the_organiser_or_the_mayors_office_changes_an_event(
    client, held, evaluator, mayors_office
):
    client.force_login(evaluator)
    assert client.get(reverse("collaboration:event_edit", args=[held.pk])).status_code == 403
    assert client.get(reverse("collaboration:event_after", args=[held.pk])).status_code == 403
    client.force_login(mayors_office)
    assert client.get(reverse("collaboration:event_edit", args=[held.pk])).status_code == 200


def test_the_minutes_and_a_document_appear_on_the_event_page(client, held, partner, settings):
    client.force_login(partner)
    after = reverse("collaboration:event_after", args=[held.pk])
    client.post(after, {"minutes-minutes": "S-au format trei echipe; câștigă „Bălți Date”."})
    upload = SimpleUploadedFile("prezentare finală.pdf", PDF, content_type="application/pdf")
    response = client.post(
        after, {"document-title": "Prezentarea juriului", "document-file": upload}
    )
    assert response.status_code == 302
    document = EventDocument.objects.get()
    assert document.uploaded_by == partner
    assert document.content_type == "application/pdf"
    stored = Path(settings.MEDIA_ROOT) / document.file.name
    assert stored.read_bytes() == PDF
    assert document.file.name.startswith(f"events/{held.pk}/")
    client.logout()
    page = client.get(reverse("collaboration:event", args=[held.pk])).content.decode()
    assert "câștigă „Bălți Date”" in page
    assert "Prezentarea juriului" in page
    download = client.get(reverse("collaboration:event_document", args=[held.pk, document.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF


def test_office_documents_are_accepted(held, partner):
    upload = SimpleUploadedFile("lista.docx", _docx())
    document = services.event_document_add(event=held, by=partner, title="", upload=upload)
    assert document.title == "lista"
    assert document.content_type.endswith("wordprocessingml.document")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("script.html", b"<script>alert(1)</script>", "Acest tip de fișier nu este acceptat"),
        ("fals.pdf", b"MZ\x90\x00 not a pdf", "nu corespunde numelui"),
        ("fals.docx", b"PK\x03\x04 broken", "nu corespunde numelui"),
        ("gol.pdf", b"", "Fișierul este gol"),
    ],
)
def test_a_document_of_the_wrong_type_is_refused_in_romanian(
    client, held, partner, name, content, message
):
    client.force_login(partner)
    response = client.post(
        reverse("collaboration:event_after", args=[held.pk]),
        {"document-file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not EventDocument.objects.exists()


def test_a_document_over_10_mb_is_refused(held, partner, monkeypatch):
    monkeypatch.setattr(
        "smartcity.collaboration.services.event_organising.MAX_DOCUMENT_BYTES", len(PDF) - 1
    )
    with pytest.raises(ValidationError, match="10 MB"):
        services.event_document_add(
            event=held, by=partner, title="Mare", upload=SimpleUploadedFile("mare.pdf", PDF)
        )


def test_no_minutes_or_documents_before_the_event_begins(partner):
    starts = timezone.now() + datetime.timedelta(days=2)
    coming = Event.objects.create(
        title="Vizită de studiu",
        kind="study_visit",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        place="Chișinău",
        organiser=partner,
    )
    with pytest.raises(ValidationError, match="după începerea evenimentului"):
        services.event_minutes_save(event=coming, by=partner, minutes="Prea devreme")
    with pytest.raises(ValidationError):
        services.event_document_add(
            event=coming, by=partner, title="x", upload=SimpleUploadedFile("a.pdf", PDF)
        )


def test_removing_a_document_deletes_its_file(
    client, held, partner, evaluator, settings, django_capture_on_commit_callbacks
):
    document = services.event_document_add(
        event=held, by=partner, title="Listă", upload=SimpleUploadedFile("a.pdf", PDF)
    )
    stored = Path(settings.MEDIA_ROOT) / document.file.name
    with pytest.raises(PermissionDenied):
        services.event_document_remove(document=document, by=evaluator)
    client.force_login(partner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("collaboration:event_document_delete", args=[held.pk, document.pk]))
    assert not EventDocument.objects.exists()
    assert not stored.exists()


def test_a_missing_document_is_a_404_not_a_500(client, held):
    response = client.get(reverse("collaboration:event_document", args=[held.pk, 999]))
    assert response.status_code == 404


def test_the_event_page_counts_who_attended(client, held, partner):
    people = [
        Registration.objects.create(
            event=held, name=f"P{n}", email=f"p{n}@example.md", status="confirmed", token=f"t{n}"
        )
        for n in range(3)
    ]
    services.attendance_record(event=held, by=partner, attended_ids={people[0].pk, people[2].pk})
    page = client.get(reverse("collaboration:event", args=[held.pk])).content.decode()
    assert "2 persoane au participat." in page
