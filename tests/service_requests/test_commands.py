from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from smartcity.service_requests import services
from tests.factories import service_request_submit


def _closed_weeks_ago(balti):
    request = service_request_submit(email="rezident@example.md")
    services.request_change_status(
        request=request,
        user=User.objects.get(username="iluminat"),
        status="closed",
        closure_reason="fixed",
    )
    request.__class__.objects.filter(pk=request.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=30)
    )
    mail.outbox.clear()
    return request


def test_send_fix_checks_dry_run_counts_and_sends_nothing(balti, capsys):
    _closed_weeks_ago(balti)
    call_command("send_fix_checks", "--dry-run")
    assert "1 reporters would be asked" in capsys.readouterr().out
    assert mail.outbox == []


def test_send_fix_checks_asks_each_reporter_once(balti, capsys):
    _closed_weeks_ago(balti)
    call_command("send_fix_checks", "--batch-size", "1")
    call_command("send_fix_checks")
    assert len(mail.outbox) == 1
    assert "1 reporters asked." in capsys.readouterr().out


def test_the_worker_runs_queued_emails_from_the_database_queue(transactional_db, balti, settings):
    # The worker manages its own transactions and connections, as in production.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _closed_weeks_ago(balti)
    from django_tasks_db.models import DBTaskResult

    assert mail.outbox == []  # the closing email waits in the queue
    call_command("worker", "--batch")
    # Queued by the report (the reporter's confirmation, area subscribers), by its closing
    # (the reporter), and the periodic jobs the worker schedules itself (fix checks, alert
    # checks, pruning), each once for its latest due time.
    from smartcity.operations import schedule

    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 3 + len(schedule.jobs())
    bodies = sorted(m.body for m in mail.outbox)
    assert len(bodies) == 3
    assert sum("/feedback/" in body for body in bodies) == 1
    assert sum("a fost primită și înregistrată" in body for body in bodies) == 1
