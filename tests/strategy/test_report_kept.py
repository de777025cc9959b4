"""The yearly report PDF is drawn by the worker, once however many ask, and kept until the
plan changes."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from smartcity.operations.models import DrawnDocument
from smartcity.strategy.models import Node
from tests.strategy.test_pages import demo_plans  # noqa: F401 (a fixture)

URL = reverse("strategy:report", args=["sdse-2021-2025", 2024])


@pytest.fixture
def queue(settings, transactional_db, demo_plans):  # noqa: F811
    """Draws wait in the database queue until the worker (in-process, --batch) runs them.
    The periodic jobs have had their run (computed indicators change what a report shows)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("worker", "--batch")


def draws_queued() -> int:
    return DBTaskResult.objects.filter(task_path__endswith="document_draw").count()


def test_many_readers_wait_for_one_draw_then_get_the_kept_pdf(client, queue):
    for _reader in range(3):
        waiting = client.get(URL)
        assert waiting.status_code == 202
        assert waiting["Retry-After"] == "5"
        page = waiting.content.decode()
        assert '<meta http-equiv="refresh" content="5">' in page
        assert "sdse-2021-2025-2024.pdf" in page
    assert draws_queued() == 1
    call_command("worker", "--batch")
    response = client.get(URL)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content)
    assert "Bălți" in " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    assert client.get(URL).status_code == 200
    assert draws_queued() == 1  # served from the kept file, not drawn again


def test_a_plan_changed_since_gets_a_new_draw_and_the_old_file_goes(client, queue):
    client.get(URL)
    call_command("worker", "--batch")
    first = DrawnDocument.objects.get().file
    assert client.get(URL).status_code == 200
    action = Node.objects.filter(plan__code="sdse-2021-2025", level="action").first()
    action.progress = 99
    action.save()
    assert client.get(URL).status_code == 202
    assert draws_queued() == 2
    call_command("worker", "--batch")
    assert client.get(URL).status_code == 200
    second = DrawnDocument.objects.get().file
    assert second != first
    assert default_storage.exists(second) and not default_storage.exists(first)


def test_each_language_has_its_own_report_and_a_waiting_page_in_it(client, queue):
    for language in ("ro", "ru", "en"):
        client.cookies["django_language"] = language
        page = client.get(URL)
        assert page.status_code == 202
        assert f'<html lang="{language}">' in page.content.decode()
    assert draws_queued() == 3
    english = client.get(URL).content.decode()
    assert "The document is being prepared" in english
