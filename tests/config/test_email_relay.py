"""Production's mail goes through an authenticated SMTP relay over TLS, set from the
environment alone (Django's own `sendtestemail`, in a process of its own)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.mail_relay import MailRelay
from tests.tls import certificate_self_signed


def _production_process(relay: MailRelay, tmp_path, **variables: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SMARTCITY_")}
    environment.pop("DATABASE_URL", None)
    return environment | {
        "SMARTCITY_ENV": "production",
        "SMARTCITY_SECRET_KEY": "s" * 60,
        "SMARTCITY_ALLOWED_HOSTS": "smart.balti.md",
        "SMARTCITY_SITE_URL": "https://smart.balti.md",
        "SMARTCITY_DATA_DIR": str(tmp_path),
        "SMARTCITY_EMAIL_HOST": "localhost",
        "SMARTCITY_EMAIL_PORT": str(relay.port),
        "SMARTCITY_EMAIL_USER": relay.user,
        "SMARTCITY_EMAIL_PASSWORD": relay.password,
        "SMARTCITY_EMAIL_FROM": "Primăria Bălți <noreply@balti.md>",
        # The relay's certificate is checked, against this test's own authority.
        "SSL_CERT_FILE": str(relay.certificate),
        **variables,
    }


def _send_test_email(environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "smartcity", "sendtestemail", "rezident@example.md"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def certificate(tmp_path):
    return certificate_self_signed(tmp_path)


@pytest.mark.parametrize(("security", "implicit_tls"), [("starttls", False), ("tls", True)])
def test_production_mail_reaches_an_authenticated_relay_over_tls(
    certificate, tmp_path, security, implicit_tls
):
    relay = MailRelay(*certificate, implicit_tls=implicit_tls).start()
    try:
        sent = _send_test_email(
            _production_process(relay, tmp_path, SMARTCITY_EMAIL_SECURITY=security)
        )
    finally:
        relay.stop()
    assert sent.returncode == 0, sent.stderr
    assert relay.logins == ["platforma"]
    assert [m["To"] for m in relay.received] == ["rezident@example.md"]
    assert relay.received[0]["From"] == "Primăria Bălți <noreply@balti.md>"


def test_a_wrong_relay_password_is_an_error_not_a_silent_loss(certificate, tmp_path):
    relay = MailRelay(*certificate).start()
    try:
        sent = _send_test_email(
            _production_process(relay, tmp_path, SMARTCITY_EMAIL_PASSWORD="parola-gresita")
        )
    finally:
        relay.stop()
    assert sent.returncode != 0
    assert "SMTPAuthenticationError" in sent.stderr
    assert relay.received == []


def test_a_relay_whose_certificate_is_not_trusted_gets_no_password(certificate, tmp_path):
    relay = MailRelay(*certificate).start()
    try:
        environment = _production_process(relay, tmp_path)
        environment.pop("SSL_CERT_FILE")
        sent = _send_test_email(environment | {"SSL_CERT_FILE": "/nonexistent"})
    finally:
        relay.stop()
    assert sent.returncode != 0
    assert "CERTIFICATE_VERIFY_FAILED" in sent.stderr
    assert relay.logins == []
