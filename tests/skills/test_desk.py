"""The study team's desk: rounds, invitations from the directory, reminders, exports,
the preview, and the report PDF."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from smartcity.collaboration import demo as collaboration_demo
from smartcity.collaboration.models import Organisation
from smartcity.skills import exports, notifications, services
from smartcity.skills.models import Invitation, StudyRound
from tests.skills.conftest import COMPLETE, enterprise


@pytest.fixture
def team(balti, survey):
    collaboration_demo.members_load()
    return get_user_model().objects.get(username="cabinet")


def test_the_desk_is_for_the_study_team_only(client, balti, survey):
    assert client.get(reverse("skills:desk")).status_code == 302  # to the login
    outsider = get_user_model().objects.create_user("rezident", password="secret-password-1")
    client.force_login(outsider)
    assert client.get(reverse("skills:desk")).status_code == 403
    assert client.get(reverse("skills:export_csv", args=[1])).status_code == 403
    outsider.user_permissions.add(Permission.objects.get(codename="view_response"))
    outsider = get_user_model().objects.get(pk=outsider.pk)
    client.force_login(outsider)
    assert client.get(reverse("skills:desk")).status_code == 200


def test_the_team_opens_a_round_once_per_year(client, team, survey):
    assert 'data-testid="desk-link"' not in client.get(reverse("skills:results")).content.decode()
    client.force_login(team)
    assert 'data-testid="desk-link"' in client.get(reverse("skills:results")).content.decode()
    form = {
        "survey": survey.pk,
        "year": 2027,
        "opens_at": "2027-02-01T09:00",
        "closes_at": "2027-04-01T18:00",
    }
    assert client.post(reverse("skills:desk"), form).status_code == 302
    again = client.post(reverse("skills:desk"), form)
    assert again.status_code == 422
    assert "2027" in again.content.decode()
    inverted = client.post(
        reverse("skills:desk"), {**form, "year": 2028, "closes_at": "2027-01-01T09:00"}
    )
    assert inverted.status_code == 422
    assert StudyRound.objects.count() == 1


def test_businesses_of_the_directory_are_invited_and_emailed_their_link(
    client, team, open_round, django_capture_on_commit_callbacks
):
    enterprise("Nord Soft SRL (exemplu)")
    Organisation.objects.create(
        name="Liceul Teoretic (exemplu)", kind="academia", email="l@exemplu.md"
    )
    client.force_login(team)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("skills:invite", args=[open_round.pk]))
    invitation = Invitation.objects.get()
    assert invitation.organisation.name == "Nord Soft SRL (exemplu)"  # businesses only
    assert invitation.sent_at is not None
    assert len(mail.outbox) == 1
    assert invitation.token in mail.outbox[0].body
    assert "2026" in mail.outbox[0].subject or str(open_round.year) in mail.outbox[0].subject
    assert not notifications.invitation_send(invitation_id=invitation.pk)  # once only
    assert len(mail.outbox) == 1


def test_reminders_go_weekly_to_those_who_have_not_submitted(client, invitation):
    (answered,) = services.invitations_create(
        round=invitation.round, organisations=[enterprise("Fibra Bălți SRL (exemplu)")]
    )
    Invitation.objects.update(sent_at=timezone.now() - datetime.timedelta(days=8))
    client.post(reverse("skills:respond", args=[answered.token]), {**COMPLETE, "action": "submit"})
    assert notifications.reminders_send(round_id=invitation.round.pk) == 1
    assert mail.outbox[-1].to == [invitation.email]
    assert invitation.token in mail.outbox[-1].body
    assert notifications.reminders_send(round_id=invitation.round.pk) == 0  # not twice a week
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        assert notifications.reminders_send_all() == 1
    after_close = invitation.round.closes_at + datetime.timedelta(days=1)
    with time_machine.travel(after_close):
        assert notifications.reminders_send(round_id=invitation.round.pk) == 0
    assert Invitation.objects.get(pk=invitation.pk).reminders == 2


def _two_responses(client, open_round):
    first, second = services.invitations_create(
        round=open_round,
        organisations=[
            enterprise("Nord Soft SRL (exemplu)"),
            enterprise("Fibra Bălți SRL (exemplu)"),
        ],
    )
    client.post(reverse("skills:respond", args=[first.token]), {**COMPLETE, "action": "submit"})
    client.post(
        reverse("skills:answer_save", args=[second.token]),
        {"question": "sector", "q-sector": "telecom"},
    )


def test_the_csv_export_streams_every_response_with_a_column_per_cell(client, team, open_round):
    _two_responses(client, open_round)
    client.force_login(team)
    response = client.get(reverse("skills:export_csv", args=[open_round.pk]))
    assert response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    header = rows[0]
    assert "staff:2512:current" in header and "skills_staff:devops" in header
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert by_name["Nord Soft SRL (exemplu)"]["staff:2512:current"] == "6"
    assert by_name["Nord Soft SRL (exemplu)"]["training_forms"] == "internships;dual"
    assert by_name["Fibra Bălți SRL (exemplu)"]["sector"] == "telecom"
    assert by_name["Fibra Bălți SRL (exemplu)"]["submitted_at"] == ""


def test_the_export_reads_responses_in_batches(client, open_round, monkeypatch):
    monkeypatch.setattr(exports, "BATCH", 1)
    _two_responses(client, open_round)
    assert len(list(exports.response_rows(open_round))) == 3


def test_the_xlsx_export_has_the_same_rows(client, team, open_round):
    _two_responses(client, open_round)
    client.force_login(team)
    response = client.get(reverse("skills:export_xlsx", args=[open_round.pk]))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(book[str(open_round.year)].iter_rows(values_only=True))
    assert len(rows) == 3 and "staff:2512:current" in rows[0]


def test_the_preview_shows_the_survey_without_saving(client, team, survey):
    client.force_login(team)
    page = client.get(reverse("skills:preview", args=[survey.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-testid="preview"' in text and "hx-post" not in text


def test_the_report_pdf_has_the_tables_and_the_esco_notice(
    client, open_round, django_capture_on_commit_callbacks
):
    for name in "ABC":
        (invitation,) = services.invitations_create(
            round=open_round, organisations=[enterprise(f"{name} (exemplu)")]
        )
        client.post(
            reverse("skills:respond", args=[invitation.token]), {**COMPLETE, "action": "submit"}
        )
    url = reverse("skills:report", args=[open_round.year])
    with time_machine.travel(open_round.closes_at + datetime.timedelta(hours=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):  # the worker's draw, at once
            assert client.get(url).status_code == 202
        response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.getvalue())).pages)
    assert "Dezvoltatori de software" in text
    assert "ESCO" in text
    assert "A (exemplu)" not in text
    assert client.get(reverse("skills:report", args=[1999])).status_code == 404


def test_administrators_design_the_survey_in_the_admin(client, balti, survey):
    from smartcity.skills.models import Question

    client.force_login(get_user_model().objects.get(username="admin"))
    question = Question.objects.get(code="hard_to_fill")
    assert client.get(reverse("admin:skills_survey_change", args=[survey.pk])).status_code == 200
    page = client.get(reverse("admin:skills_question_change", args=[question.pk]))
    assert page.status_code == 200
    assert "text_ru" in page.content.decode()  # each language side by side
    assert client.get(reverse("admin:skills_question_add")).status_code == 200
