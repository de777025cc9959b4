from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from smartcity.collaboration import demo as collaboration_demo
from smartcity.collaboration.models import IdeaStatus, ProjectIdea
from smartcity.strategy import demo, services
from smartcity.strategy.models import ChangeRecord, Indicator, IndicatorValue, Node


@pytest.fixture
def demo_plans(balti):
    collaboration_demo.collaboration_load()
    demo.strategy_load()


def test_public_page_shows_tree_progress_indicators_and_links(client, demo_plans):
    page = client.get(reverse("strategy:plan", args=["sdse-2021-2025"]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="node-A2.2.1"' in html and "<progress" in html
    assert "<polyline" in html  # sparkline of a typed indicator with yearly values
    assert (
        reverse("collaboration:need", args=[Node.objects.get(code="A2.2.1").needs.get().pk]) in html
    )
    assert 'data-testid="illustrative"' in html


def test_public_page_shows_no_private_data(client, demo_plans, balti):
    action = Node.objects.get(code="A5.1.2")
    draft = ProjectIdea.objects.filter(status=IdeaStatus.DRAFT).first()
    action.ideas.add(draft)
    services.action_progress_update(
        action=action,
        by=Node.objects.none()
        .model._meta.apps.get_model("auth", "User")
        .objects.get(username="admin"),
        status="in_progress",
        progress=35,
        comment="Notă internă: bugetul întârzie",
    )
    html = client.get(reverse("strategy:plan", args=["sdse-2021-2025"])).content.decode()
    assert reverse("collaboration:idea", args=[draft.pk]) not in html
    assert "Notă internă" not in html
    assert "Rusu" not in html and "history" not in html  # who changed what stays with staff
    assert client.get(reverse("strategy:history", args=["sdse-2021-2025"])).status_code == 302


def test_residents_cannot_edit(client, resident, demo_plans):
    client.force_login(resident)
    action = Node.objects.get(code="A2.2.1")
    response = client.post(
        reverse("strategy:action_edit", args=[action.pk]),
        {"form": "progress", "status": "completed", "progress": "100"},
    )
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.progress == 80
    assert client.get(reverse("strategy:history", args=["sdse-2021-2025"])).status_code == 403
    assert client.get(reverse("strategy:import")).status_code == 403


def test_department_staff_edit_only_their_departments_actions(client, lighting_staff, demo_plans):
    client.force_login(lighting_staff)
    own = Node.objects.get(code="A2.2.1")
    other = Node.objects.get(code="A2.2.2")  # roads
    ok = client.post(
        reverse("strategy:action_edit", args=[own.pk]),
        {"form": "progress", "status": "in_progress", "progress": "85", "comment": "etapa 2"},
    )
    assert ok.status_code == 302
    own.refresh_from_db()
    assert own.progress == 85
    change = ChangeRecord.objects.filter(node=own, kind="progress").latest("changed_at")
    assert change.changed_by == lighting_staff and change.before["progress"] == 80
    refused = client.post(
        reverse("strategy:action_edit", args=[other.pk]),
        {"form": "progress", "status": "completed", "progress": "100"},
    )
    assert refused.status_code == 403


def test_bad_progress_is_refused_with_a_message(client, administrator, demo_plans):
    client.force_login(administrator)
    action = Node.objects.get(code="A2.2.1")
    response = client.post(
        reverse("strategy:action_edit", args=[action.pk]),
        {"form": "progress", "status": "completed", "progress": "60"},
        follow=True,
    )
    assert response.status_code == 200
    assert "O acțiune finalizată este la 100%." in response.content.decode()  # Romanian first
    action.refresh_from_db()
    assert action.progress == 80


def test_staff_enter_indicator_values_recorded_with_who(client, administrator, demo_plans):
    client.force_login(administrator)
    indicator = Indicator.objects.get(code="I9")
    response = client.post(
        reverse("strategy:indicator_edit", args=[indicator.pk]),
        {"measured_on": "2026-06-30", "value": "19", "source": "ACETI"},
    )
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator=indicator, measured_on=datetime.date(2026, 6, 30))
    assert value.value == Decimal("19") and value.entered_by == administrator
    assert ChangeRecord.objects.filter(
        indicator=indicator, kind="value", changed_by=administrator
    ).exists()
    future = client.post(
        reverse("strategy:indicator_edit", args=[indicator.pk]),
        {"measured_on": "2999-01-01", "value": "1"},
    )
    assert future.status_code == 200
    assert not IndicatorValue.objects.filter(measured_on=datetime.date(2999, 1, 1)).exists()


def test_import_page_lists_row_errors_and_keeps_the_data(client, administrator, demo_plans):
    client.force_login(administrator)
    upload = io.BytesIO(
        b"kind,plan,code,parent,title_ro,progress\naction,sdse-2021-2025,A9,P1,X,5\n"
    )
    upload.name = "bad.csv"
    count = Node.objects.count()
    response = client.post(reverse("strategy:import"), {"file": upload})
    assert response.status_code == 400
    assert "Row 2:" in response.content.decode() or "Rândul 2:" in response.content.decode()
    assert Node.objects.count() == count


def test_yearly_report_is_a_pdf_with_the_plan_and_diacritics(
    client, demo_plans, django_capture_on_commit_callbacks
):
    url = reverse("strategy:report", args=["sdse-2021-2025", 2024])
    with django_capture_on_commit_callbacks(execute=True):  # the worker's draw, at once
        assert client.get(url).status_code == 202
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.getvalue())).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "Bălți" in text and "Infrastructură urbană și mobilitate" in text
    assert client.get(reverse("strategy:report", args=["sdse-2021-2025", 1999])).status_code == 404


def test_exports_download(client, demo_plans):
    csv_response = client.get(reverse("strategy:export", args=["sdse-2021-2025", "csv"]))
    assert csv_response.status_code == 200 and csv_response.content.startswith(
        b"\xef\xbb\xbfkind,plan"
    )
    xlsx = client.get(reverse("strategy:export", args=["sdse-2021-2025", "xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get(reverse("strategy:export", args=["sdse-2021-2025", "pdf"])).status_code == 404
    assert client.get(reverse("strategy:plan", args=["nope"])).status_code == 404
