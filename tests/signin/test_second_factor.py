"""Staff who see residents' personal data, and the admin's users, confirm each sign-in
with a TOTP code before any staff page or the admin is served to them."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.models import User
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory
from tests.second_factor import authenticator_enrol, totp


@pytest.fixture
def dispatcher(balti, client):
    client.cookies["django_language"] = "en"
    user = User.objects.get(username="dispecer")
    client.force_login(user, second_factor=False)
    return user


def test_staff_without_an_authenticator_are_sent_to_enrol(client, dispatcher):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/second-factor/enrol/?next=%2Fstaff%2F"
    page = client.get(response["Location"]).content.decode()
    assert "<svg" in page  # the QR code
    assert TOTPDevice.objects.get(user=dispatcher).confirmed is False


def test_the_admin_is_not_served_before_the_second_factor(client, balti):
    admin = UserFactory(username="admin-test", is_staff=True, is_superuser=True)
    client.force_login(admin, second_factor=False)
    authenticator_enrol(admin)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/second-factor/verify/")


@pytest.mark.parametrize("page", ["config", "qrcode"])
def test_the_admin_does_not_show_an_authenticators_key(client, balti, page):
    admin = UserFactory(username="admin-test", is_staff=True, is_superuser=True)
    client.force_login(admin)
    other = authenticator_enrol(User.objects.get(username="dispecer"))
    for pk in (other.pk, other.pk + 1000):  # a device, and one that is not there
        response = client.get(f"/admin/otp_totp/totpdevice/{pk}/{page}/")
        assert response.status_code == 403
    change = client.get(f"/admin/otp_totp/totpdevice/{other.pk}/change/").content.decode()
    assert other.key not in change


def test_enrolling_with_the_right_code_serves_the_page_and_gives_recovery_codes(client, dispatcher):
    client.get("/accounts/second-factor/enrol/")
    device = TOTPDevice.objects.get(user=dispatcher)
    wrong = client.post("/accounts/second-factor/enrol/", {"code": "000000", "next": "/staff/"})
    assert wrong.status_code == 400
    assert "The code is wrong" in wrong.content.decode()
    assert client.get("/staff/").status_code == 302

    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows guesses down; the test does not wait
    right = client.post(
        "/accounts/second-factor/enrol/", {"code": totp(device.bin_key), "next": "/staff/"}
    )
    assert right.status_code == 200
    assert StaticToken.objects.filter(device__user=dispatcher).count() == 10
    assert TOTPDevice.objects.get(user=dispatcher).confirmed
    assert client.get("/staff/").status_code == 200


def test_a_wrong_code_is_refused_and_the_right_one_serves_the_page(client, dispatcher):
    device = authenticator_enrol(dispatcher)
    assert client.get("/staff/")["Location"] == "/accounts/second-factor/verify/?next=%2Fstaff%2F"
    right = totp(device.bin_key)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    refused = client.post("/accounts/second-factor/verify/", {"code": wrong, "next": "/staff/"})
    assert refused.status_code == 400
    assert client.get("/staff/").status_code == 302

    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows guesses down; the test does not wait
    served = client.post("/accounts/second-factor/verify/", {"code": right, "next": "/staff/"})
    assert served.status_code == 302 and served["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


def test_a_code_of_another_time_is_refused(client, dispatcher):
    device = authenticator_enrol(dispatcher)
    stale = totp(device.bin_key, at=time.time() - 600)
    refused = client.post("/accounts/second-factor/verify/", {"code": stale, "next": "/staff/"})
    assert refused.status_code == 400


def test_a_recovery_code_signs_in_once(client, dispatcher):
    authenticator_enrol(dispatcher)
    from django_otp.plugins.otp_static.models import StaticDevice

    recovery = StaticDevice.objects.create(user=dispatcher, name="recovery")
    StaticToken.objects.create(device=recovery, token="abcd2345")
    ok = client.post("/accounts/second-factor/verify/", {"code": "abcd2345", "next": "/staff/"})
    assert ok.status_code == 302 and ok["Location"] == "/staff/"
    client.logout()
    client.force_login(dispatcher, second_factor=False)
    again = client.post("/accounts/second-factor/verify/", {"code": "abcd2345", "next": "/"})
    assert again.status_code == 400


def test_residents_and_partners_are_not_asked_for_a_second_factor(client, balti):
    client.force_login(UserFactory(username="rezident"), second_factor=False)
    assert client.get("/").status_code == 200


def test_the_next_page_must_be_on_the_site(client, dispatcher):
    device = authenticator_enrol(dispatcher)
    response = client.post(
        "/accounts/second-factor/verify/",
        {"code": totp(device.bin_key), "next": "https://evil.example/"},
    )
    assert response["Location"] == "/staff/"


@pytest.mark.parametrize(
    "page", ["/accounts/second-factor/verify/", "/accounts/second-factor/enrol/"]
)
@pytest.mark.parametrize("wanted", ["zz", "0", "staff"])
def test_a_next_page_that_is_not_a_path_leads_to_the_staff_home(client, dispatcher, page, wanted):
    authenticator_enrol(dispatcher)
    client.force_login(dispatcher)
    response = client.get(page, {"next": wanted})
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
