"""Signing staff in with their second factor in tests, as a real authenticator app would."""

from __future__ import annotations

import hashlib
import hmac
import struct
import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp(key: bytes, *, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 written out here, so the tests do not check django-otp against itself."""
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def authenticator_enrol(user) -> TOTPDevice:  # noqa: ANN001 - a Django user
    """A fresh confirmed authenticator for the user (an earlier one is replaced, so a
    code used in a previous sign-in of the same 30 s is not a replay)."""
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def session_verify(client, user) -> None:  # noqa: ANN001 - a Django test client, a user
    """Mark the client's session as confirmed with the user's authenticator, as
    django_otp.login does after a right code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or authenticator_enrol(
        user
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def browser_log_in(page, username: str, password: str) -> None:  # noqa: ANN001 - a Playwright page
    """Sign in through the login form and, for staff, the second-factor form with the
    code of a freshly enrolled authenticator."""
    from django.contrib.auth import get_user_model

    from smartcity.signin.policy import second_factor_required

    user = get_user_model().objects.get(username=username)
    device = authenticator_enrol(user) if second_factor_required(user) else None
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    if device is not None:
        page.fill("#id_code", totp(device.bin_key))
        page.get_by_test_id("second-factor-form").locator("button[type=submit]").click()
        page.wait_for_load_state()
