"""Enrolling and confirming a second factor (django-otp's TOTP and static devices)."""

from __future__ import annotations

import django_otp
from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
DEVICE_NAME = "authenticator"


def enrolment_device(*, user) -> TOTPDevice:  # noqa: ANN001 - a Django user
    """The unconfirmed authenticator being enrolled (made on first call, kept until it
    is confirmed, so the QR code shown stays the same on a reload)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def enrolment_confirm(*, request: HttpRequest, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the authenticator with a code it shows; the session is then verified and
    fresh recovery codes (each usable once) are returned to be shown once. None when the
    code is wrong."""
    if not device.verify_token(code.strip()):
        return None
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
        StaticDevice.objects.filter(user=device.user).delete()
        recovery = StaticDevice.objects.create(user=device.user, name="recovery", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=recovery, token=c) for c in codes)
    django_otp.login(request, device)
    return codes


def sign_in_confirm(*, request: HttpRequest, code: str) -> bool:
    """Verify the session with a code of the user's authenticator or a recovery code."""
    device = django_otp.match_token(request.user, code.strip().replace(" ", ""))
    if device is None:
        return False
    django_otp.login(request, device)
    return True


def has_authenticator(user) -> bool:  # noqa: ANN001 - a Django user
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
