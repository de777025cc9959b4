from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from smartcity.service_requests import notifications, services
from smartcity.service_requests.models import RequestUpdate, ServiceCategory
from tests.factories import service_request_submit


@pytest.fixture
def lighting_staff(balti):
    return User.objects.get(username="iluminat")


def test_a_status_change_is_recorded_with_its_staff_member_and_emailed(
    lighting_staff, django_capture_on_commit_callbacks
):
    request = service_request_submit(email="rezident@example.md")
    with django_capture_on_commit_callbacks(execute=True):
        services.request_change_status(
            request=request,
            user=lighting_staff,
            status="in_progress",
            public_comment="Echipa a plecat spre fața locului.",
        )
    update = request.updates.last()
    assert update.staff == lighting_staff
    assert update.status == "in_progress"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rezident@example.md"]
    assert "Echipa a plecat" in mail.outbox[0].body
    assert update.__class__.objects.get(pk=update.pk).reporter_notified_at is not None


def test_a_reporter_with_an_email_is_told_at_submission_that_the_report_was_received(
    balti, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = service_request_submit(email="rezident@example.md", language="ru")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rezident@example.md"]
    assert request.tracking_code in message.subject
    assert request.tracking_code in message.body
    assert f"/requests/{request.tracking_code}/" in message.body
    assert "Спасибо" in message.body  # in the language the reporter wrote in


def test_a_report_without_an_email_sends_nothing_at_submission(
    balti, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        service_request_submit()
    assert mail.outbox == []


def test_the_reporter_is_notified_only_once_per_update(lighting_staff):
    request = service_request_submit(email="rezident@example.md")
    update = services.request_change_status(
        request=request, user=lighting_staff, status="acknowledged"
    )
    # Outside a committed transaction the queued task never ran: the first call sends.
    assert notifications.reporter_notify(update_id=update.pk) is True
    assert notifications.reporter_notify(update_id=update.pk) is False
    assert len(mail.outbox) == 1


def test_closing_requires_a_reason(lighting_staff):
    request = service_request_submit()
    with pytest.raises(ValidationError):
        services.request_change_status(request=request, user=lighting_staff, status="closed")
    services.request_change_status(
        request=request, user=lighting_staff, status="closed", closure_reason="fixed"
    )
    request.refresh_from_db()
    assert request.closed_at is not None


def test_staff_cannot_change_another_departments_request(balti):
    request = service_request_submit(category="pothole")
    with pytest.raises(PermissionDenied):
        services.request_change_status(
            request=request, user=User.objects.get(username="iluminat"), status="acknowledged"
        )


def test_an_administrator_can_change_any_request(balti):
    request = service_request_submit(category="pothole")
    services.request_change_status(
        request=request, user=User.objects.get(username="admin"), status="acknowledged"
    )
    assert request.updates.last().status == "acknowledged"


def test_recategorising_reroutes_to_the_new_department(balti):
    dispatcher = User.objects.get(username="dispecer")
    request = service_request_submit(category="other", description="Groapă în asfalt")
    services.request_reroute(
        request=request, user=dispatcher, category=ServiceCategory.objects.get(code="pothole")
    )
    request.refresh_from_db()
    assert request.department.slug == "drumuri"
    assert request.updates.last().kind == RequestUpdate.Kind.REROUTED


def test_merging_closes_the_duplicate_and_points_at_the_original(lighting_staff):
    original = service_request_submit()
    duplicate = service_request_submit()
    services.request_merge(duplicate=duplicate, original=original, user=lighting_staff)
    duplicate.refresh_from_db()
    assert duplicate.status == "closed"
    assert duplicate.closure_reason == "duplicate"
    assert duplicate.duplicate_of == original


def test_a_request_cannot_duplicate_itself(lighting_staff):
    request = service_request_submit()
    with pytest.raises(ValidationError):
        services.request_merge(duplicate=request, original=request, user=lighting_staff)


def test_the_reporter_can_reopen_a_closed_request(lighting_staff):
    request = service_request_submit(email="rezident@example.md")
    services.request_change_status(
        request=request, user=lighting_staff, status="closed", closure_reason="fixed"
    )
    services.request_reopen_by_reporter(
        request=request, token=request.feedback_token, comment="Tot nu arde."
    )
    request.refresh_from_db()
    assert request.status == "open"
    assert request.updates.last().by_reporter


def test_a_wrong_token_cannot_reopen(lighting_staff):
    request = service_request_submit()
    services.request_change_status(
        request=request, user=lighting_staff, status="closed", closure_reason="fixed"
    )
    with pytest.raises(PermissionDenied):
        services.request_reopen_by_reporter(request=request, token="guess", comment="")


def test_reporters_are_asked_weeks_after_closing_whether_it_is_fixed(lighting_staff):
    request = service_request_submit(email="rezident@example.md")
    services.request_change_status(
        request=request, user=lighting_staff, status="closed", closure_reason="fixed"
    )
    mail.outbox.clear()
    soon = timezone.now() + datetime.timedelta(days=3)
    assert notifications.fix_checks_send(now=soon) == 0
    later = timezone.now() + datetime.timedelta(days=22)
    assert notifications.fix_checks_send(now=later) == 1
    assert notifications.fix_checks_send(now=later) == 0
    assert request.feedback_token in mail.outbox[0].body


def test_bulk_status_change_is_all_or_nothing(balti):
    lighting = User.objects.get(username="iluminat")
    own = service_request_submit()
    foreign = service_request_submit(category="pothole")
    with pytest.raises(PermissionDenied):
        services.requests_bulk_change_status(
            requests=[own, foreign], user=lighting, status="acknowledged"
        )
    own.refresh_from_db()
    assert own.status == "open"
