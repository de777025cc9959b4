"""Notices through MNotify beside e-mail, against a local fake of its REST API."""

from __future__ import annotations

import datetime
import logging

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.utils import timezone

from smartcity.config.env import MNotify
from smartcity.egov import notify
from smartcity.egov.models import MPassIdentity, Notice
from smartcity.service_requests import services
from tests.egov.certificates import key_pair_make
from tests.egov.fake_mnotify import FakeMNotify
from tests.factories import service_request_submit

pytestmark = pytest.mark.django_db

IDNP = "2001234567890"


@pytest.fixture
def fake_mnotify(settings, tmp_path):
    fake = FakeMNotify()
    system = key_pair_make(tmp_path / "system", "smart.balti.md")
    settings.SMARTCITY_MNOTIFY = MNotify(url=fake.url, cert=system.cert, key=system.key, timeout=5)
    yield fake
    fake.close()


@pytest.fixture
def mpass_resident():
    user = User.objects.create_user("mpass-resident")
    return MPassIdentity.objects.create(
        user=user,
        idnp=IDNP,
        first_name="Ion",
        last_name="Popescu",
        email="rezident@example.md",
        last_signed_in_at=timezone.now(),
    )


@pytest.fixture
def lighting_staff(balti):
    return User.objects.get(username="iluminat")


def _status_change(request, staff, capture):  # noqa: ANN001
    with capture(execute=True):
        services.request_change_status(
            request=request, user=staff, status="in_progress", public_comment="Echipa vine."
        )


def test_mnotify_is_off_unless_configured(settings):
    settings.SMARTCITY_MNOTIFY = None

    assert notify.notice_send(recipient_idnp=IDNP, subject={"ro": "x"}, body={"ro": "y"}) is None
    assert not Notice.objects.exists()


def test_a_status_change_reaches_an_mpass_resident_by_email_and_mnotify(
    fake_mnotify, mpass_resident, lighting_staff, django_capture_on_commit_callbacks
):
    request = service_request_submit(email="rezident@example.md")

    _status_change(request, lighting_staff, django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [["rezident@example.md"]]
    [sent] = fake_mnotify.received
    assert sent["recipients"] == [{"value": IDNP, "type": "IDNP"}]
    assert set(sent["subject"]) == {"ro", "ru", "en"}
    assert request.tracking_code in sent["subject"]["en"]
    assert "Echipa vine." in sent["body"]["ro"]
    notice = Notice.objects.get()
    assert notice.status == Notice.Status.SENT
    assert notice.mnotify_id


def test_a_reporter_without_mpass_gets_the_email_only(
    fake_mnotify, lighting_staff, django_capture_on_commit_callbacks
):
    request = service_request_submit(email="altcineva@example.md")

    _status_change(request, lighting_staff, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1
    assert fake_mnotify.received == []
    assert not Notice.objects.exists()


def test_mnotify_down_loses_neither_the_email_nor_the_notice(
    fake_mnotify, mpass_resident, lighting_staff, django_capture_on_commit_callbacks
):
    fake_mnotify.status = 500
    request = service_request_submit(email="rezident@example.md")

    _status_change(request, lighting_staff, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1
    notice = Notice.objects.get()
    assert notice.status == Notice.Status.PENDING
    assert notice.attempts == 1
    assert notice.last_error == "HTTP 500"

    fake_mnotify.status = 200
    assert notify.notices_deliver_due() == 0  # its pause is not over yet
    later = timezone.now() + datetime.timedelta(minutes=2)
    assert notify.notices_deliver_due(now=later) == 1

    notice.refresh_from_db()
    assert notice.status == Notice.Status.SENT
    assert len(fake_mnotify.received) == 1
    assert len(mail.outbox) == 1


def test_mnotify_unreachable_is_retried_then_given_up(settings, tmp_path):
    system = key_pair_make(tmp_path / "system", "smart.balti.md")
    settings.SMARTCITY_MNOTIFY = MNotify(
        url="http://127.0.0.1:9/api", cert=system.cert, key=system.key, timeout=2
    )
    notice = Notice.objects.create(
        recipient_idnp=IDNP, subject={"ro": "s"}, body={"ro": "b"}, next_attempt_at=timezone.now()
    )
    now = timezone.now()
    for _ in range(len(notify.RETRY_PAUSES) + 1):
        now += datetime.timedelta(hours=7)
        notify.notices_deliver_due(now=now)

    notice.refresh_from_db()
    assert notice.status == Notice.Status.FAILED
    assert notice.attempts == len(notify.RETRY_PAUSES) + 1


def test_a_notice_is_handed_to_mnotify_once(fake_mnotify):
    notice = Notice.objects.create(
        recipient_idnp=IDNP, subject={"ro": "s"}, body={"ro": "b"}, next_attempt_at=timezone.now()
    )

    assert notify.notice_deliver(notice_id=notice.pk) is True
    assert notify.notice_deliver(notice_id=notice.pk) is False

    assert len(fake_mnotify.received) == 1


def test_the_idnp_is_not_logged_when_mnotify_fails(fake_mnotify, caplog):
    caplog.set_level(logging.DEBUG)
    fake_mnotify.status = 503
    notice = Notice.objects.create(
        recipient_idnp=IDNP, subject={"ro": "s"}, body={"ro": "b"}, next_attempt_at=timezone.now()
    )

    notify.notice_deliver(notice_id=notice.pk)

    assert "HTTP 503" in caplog.text
    assert IDNP not in caplog.text
