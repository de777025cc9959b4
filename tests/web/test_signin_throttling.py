"""Guessing passwords is throttled per account and per address, on the staff login and
the admin's: after the limit both are locked for the cool-off, with a clear message."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from tests.factories import UserFactory

RIGHT = "secret-password-1"
ATTACKER = {"REMOTE_ADDR": "198.51.100.66"}


@pytest.fixture
def accounts(db, settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
    return (
        UserFactory(username="dispecer-test", is_staff=True),
        UserFactory(username="colega", is_staff=True),
    )


def _sign_in(client, username: str, password: str, path="/accounts/login/", **meta):
    return client.post(path, {"username": username, "password": password}, **meta)


def test_fifty_wrong_passwords_lock_the_account_until_the_cool_off(client, accounts):
    statuses = [
        _sign_in(client, "dispecer-test", f"guess-{n}", **ATTACKER).status_code for n in range(50)
    ]
    assert statuses[:4] == [200] * 4  # the form again, with its error
    assert set(statuses[5:]) == {429}
    refused = _sign_in(client, "dispecer-test", RIGHT, **ATTACKER)
    assert refused.status_code == 429
    assert "blocată pentru 15 minute" in refused.content.decode()
    assert "_auth_user_id" not in client.session

    # From another address, the locked account stays locked.
    elsewhere = _sign_in(client, "dispecer-test", RIGHT, REMOTE_ADDR="203.0.113.5")
    assert elsewhere.status_code == 429

    later = timezone.now() + datetime.timedelta(minutes=16)
    with time_machine.travel(later, tick=False):
        assert _sign_in(client, "dispecer-test", RIGHT, **ATTACKER).status_code == 302
    assert "_auth_user_id" in client.session


def test_another_account_from_another_address_is_not_affected(client, accounts):
    for n in range(50):
        _sign_in(client, "dispecer-test", f"guess-{n}", **ATTACKER)
    response = _sign_in(client, "colega", RIGHT, REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 302


def test_the_address_that_guessed_is_locked_for_other_accounts_too(client, accounts):
    for n in range(5):
        _sign_in(client, "dispecer-test", f"guess-{n}", **ATTACKER)
    assert _sign_in(client, "colega", RIGHT, **ATTACKER).status_code == 429


def test_residents_behind_the_proxy_are_counted_by_their_own_address(client, accounts, settings):
    import ipaddress

    settings.SMARTCITY_TRUSTED_PROXIES = (ipaddress.ip_network("10.0.0.2"),)
    behind = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(5):
        _sign_in(client, "nobody", f"guess-{n}", HTTP_X_FORWARDED_FOR="198.51.100.66", **behind)
    response = _sign_in(client, "colega", RIGHT, HTTP_X_FORWARDED_FOR="203.0.113.5", **behind)
    assert response.status_code == 302


def test_the_admin_login_is_throttled_with_the_message_in_the_visitors_language(
    client, accounts, settings
):
    UserFactory(username="admin-test", is_staff=True, is_superuser=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    for n in range(5):
        _sign_in(client, "admin-test", f"guess-{n}", path="/admin/login/", **ATTACKER)
    refused = _sign_in(client, "admin-test", RIGHT, path="/admin/login/", **ATTACKER)
    assert refused.status_code == 429
    assert "заблокирован на 15 минут." in refused.content.decode()


def test_a_right_password_before_the_limit_clears_the_count(client, accounts):
    for n in range(4):
        _sign_in(client, "dispecer-test", f"guess-{n}", **ATTACKER)
    assert _sign_in(client, "dispecer-test", RIGHT, **ATTACKER).status_code == 302
    client.logout()
    for n in range(4):
        _sign_in(client, "dispecer-test", f"again-{n}", **ATTACKER)
    assert _sign_in(client, "dispecer-test", RIGHT, **ATTACKER).status_code == 302


def test_an_administrator_lifts_a_lock_before_the_cool_off(client, accounts):
    from django.core.management import call_command

    for n in range(5):
        _sign_in(client, "dispecer-test", f"guess-{n}", **ATTACKER)
    elsewhere = {"REMOTE_ADDR": "203.0.113.5"}
    assert _sign_in(client, "dispecer-test", RIGHT, **elsewhere).status_code == 429
    call_command("axes_reset_username", "dispecer-test", verbosity=0)
    assert _sign_in(client, "dispecer-test", RIGHT, **elsewhere).status_code == 302
