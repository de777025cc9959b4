"""Signing in with MPass against a real SAML identity provider run by the test."""

from __future__ import annotations

import base64
import datetime
import logging

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from smartcity.egov.models import MPassIdentity
from smartcity.egov.selectors import resident_identity
from tests.egov.certificates import key_pair_make
from tests.egov.conftest import SP_ENTITY_ID, acs_post, mpass_answer, mpass_sign_in
from tests.egov.fake_mpass import OTHER_SERVICE

pytestmark = pytest.mark.django_db

User = get_user_model()


def _signed_in_user(client):  # noqa: ANN001 - a test client
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_first_mpass_login_creates_the_resident_with_name_and_idnp(client, fake_mpass):
    response = mpass_sign_in(client)

    assert response.status_code == 302
    assert response["Location"] == "/"
    user = _signed_in_user(client)
    assert user is not None
    identity = MPassIdentity.objects.get(user=user)
    assert (identity.idnp, identity.first_name, identity.last_name) == (
        "2001234567890",
        "Ion",
        "Popescu",
    )
    assert identity.email == "ion.popescu@example.md"
    assert (user.first_name, user.last_name) == ("Ion", "Popescu")
    assert not user.has_usable_password()
    assert "2001234567890" not in user.username


def test_the_authn_request_is_signed_and_names_our_acs(client, fake_mpass):
    start = client.get("/signin/mpass/")

    assert start["Location"].startswith(f"{fake_mpass.base_url}/login/saml?SAMLRequest=")
    assert "Signature=" in start["Location"] and "SigAlg=" in start["Location"]
    answer = mpass_answer(client)
    assert answer.action == "http://testserver/signin/mpass/acs/"


def test_second_mpass_login_opens_the_same_account_with_mpass_names(client, fake_mpass):
    mpass_sign_in(client)
    first = _signed_in_user(client)
    client.logout()
    fake_mpass.identity.last_name = "Popescu-Rusu"

    mpass_sign_in(client)

    assert _signed_in_user(client) == first
    assert User.objects.count() == 1
    assert MPassIdentity.objects.get().last_name == "Popescu-Rusu"


def test_resident_identity_gives_the_form_its_prefill(client, fake_mpass):
    mpass_sign_in(client)

    identity = resident_identity(_signed_in_user(client))

    assert identity is not None
    assert identity.full_name == "Ion Popescu"
    assert (identity.first_name, identity.last_name) == ("Ion", "Popescu")
    assert identity.idnp == "2001234567890"
    assert identity.email == "ion.popescu@example.md"


def test_resident_identity_is_none_without_an_mpass_sign_in(django_user_model):
    from django.contrib.auth.models import AnonymousUser

    staff = django_user_model.objects.create_user("clerk", password="x" * 12)
    assert resident_identity(staff) is None
    assert resident_identity(AnonymousUser()) is None


def test_login_returns_to_the_page_that_asked(client, fake_mpass):
    response = mpass_sign_in(client, "/signin/mpass/?next=/requests/")

    assert response.status_code == 302
    assert response["Location"] == "/requests/"


def test_login_does_not_return_to_another_site(client, fake_mpass):
    response = mpass_sign_in(client, "/signin/mpass/?next=https://evil.example/")

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_signed_in_account_is_linked_to_its_mpass_identity(client, fake_mpass):
    partner = User.objects.create_user("partner", password="p" * 12, email="p@example.md")
    client.force_login(partner)

    mpass_sign_in(client)

    assert _signed_in_user(client) == partner
    assert MPassIdentity.objects.get().user == partner
    partner.refresh_from_db()
    assert partner.email == "p@example.md"


def _refused(response, client, users_before: int) -> None:  # noqa: ANN001
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    assert _signed_in_user(client) is None
    assert User.objects.count() == users_before
    assert not MPassIdentity.objects.exists()


def test_unsigned_response_is_refused(client, fake_mpass):
    fake_mpass.behaviour.sign_response = False

    response = mpass_sign_in(client)

    _refused(response, client, 0)
    assert "could not be verified" in response.content.decode()


def test_altered_response_is_refused(client, fake_mpass):
    fake_mpass.behaviour.alter = lambda xml: xml.replace("2001234567890", "2009999999999")

    response = mpass_sign_in(client)

    _refused(response, client, 0)


def test_response_signed_by_another_key_is_refused(client, fake_mpass, tmp_path):
    fake_mpass.behaviour.foreign_key = key_pair_make(tmp_path / "other", "not-mpass")

    response = mpass_sign_in(client)

    _refused(response, client, 0)


def test_response_for_another_audience_is_refused(client, fake_mpass):
    fake_mpass.behaviour.audience = OTHER_SERVICE

    response = mpass_sign_in(client)

    _refused(response, client, 0)


def test_expired_assertion_is_refused(client, fake_mpass):
    answer = mpass_answer(client)

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        response = acs_post(client, answer)

    _refused(response, client, 0)
    assert "expired" in response.content.decode()


def test_replayed_response_is_refused(client, fake_mpass):
    answer = mpass_answer(client)
    acs_post(client, answer)
    client.logout()

    response = acs_post(client, answer)

    assert response.status_code == 403
    assert _signed_in_user(client) is None


def test_cancelled_login_shows_a_page_and_creates_nobody(client, fake_mpass):
    fake_mpass.behaviour.status_denied = True

    response = mpass_sign_in(client)

    _refused(response, client, 0)
    assert "cancelled" in response.content.decode()


def test_response_without_an_idnp_is_refused(client, fake_mpass):
    fake_mpass.identity.idnp = "ion.popescu"

    response = mpass_sign_in(client)

    _refused(response, client, 0)


def test_garbage_at_the_acs_is_a_page_not_a_500(client, fake_mpass):
    response = client.post("/signin/mpass/acs/", {"SAMLResponse": base64.b64encode(b"<x/>")})

    assert response.status_code in (400, 403)
    assert _signed_in_user(client) is None


def test_refusal_page_is_in_the_residents_language(client, fake_mpass):
    fake_mpass.behaviour.sign_response = False
    answer = mpass_answer(client)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    response = acs_post(client, answer)

    assert response.status_code == 403
    assert 'lang="ru"' in response.content.decode()
    assert "не удалось проверить" in response.content.decode()


def test_the_idnp_is_never_logged(client, fake_mpass, caplog):
    caplog.set_level(logging.DEBUG)
    fake_mpass.identity.first_name = ""
    fake_mpass.identity.last_name = ""

    mpass_sign_in(client)
    mpass_sign_in(client)

    assert "2001234567890" not in caplog.text


def test_metadata_names_our_entity_and_acs(client, fake_mpass):
    metadata = client.get("/signin/mpass/metadata/").content.decode()

    assert f'entityID="{SP_ENTITY_ID}"' in metadata
    assert "http://testserver/signin/mpass/acs/" in metadata
    assert 'AuthnRequestsSigned="true"' in metadata


def test_sign_in_with_mpass_button_only_when_configured(client, settings, fake_mpass):
    assert "/signin/mpass/" in client.get("/accounts/login/").content.decode()

    settings.SMARTCITY_MPASS = None

    assert "/signin/mpass/" not in client.get("/accounts/login/").content.decode()
    assert client.get("/signin/mpass/").status_code == 404
    assert client.get("/signin/mpass/metadata/").status_code == 404


def test_staff_signing_in_with_mpass_still_confirm_with_their_second_factor(
    client, fake_mpass, settings
):
    settings.SMARTCITY_SECOND_FACTOR = True
    clerk = User.objects.create_user("clerk", password="c" * 12, is_staff=True)
    MPassIdentity.objects.create(
        user=clerk,
        idnp="2001234567890",
        first_name="Ion",
        last_name="Popescu",
        last_signed_in_at=timezone.now(),
    )

    mpass_sign_in(client)
    page = client.get("/staff/")

    assert _signed_in_user(client) == clerk
    assert page.status_code == 302
    assert page["Location"].startswith("/accounts/second-factor/enrol/")


def test_deactivated_account_is_not_signed_in_by_mpass(client, fake_mpass):
    gone = User.objects.create_user("gone", is_active=False)
    MPassIdentity.objects.create(
        user=gone,
        idnp="2001234567890",
        first_name="I",
        last_name="P",
        last_signed_in_at=timezone.now(),
    )

    response = mpass_sign_in(client)

    assert response.status_code == 403
    assert _signed_in_user(client) is None


def test_logout_signs_out_here_and_at_mpass(client, fake_mpass):
    import urllib.request
    from urllib.parse import urlsplit

    mpass_sign_in(client)

    start = client.post("/signin/mpass/logout/")

    assert start.status_code == 302
    assert start["Location"].startswith(f"{fake_mpass.base_url}/logout/saml?")
    assert _signed_in_user(client) is None

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # noqa: ANN002,ANN003
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(start["Location"], timeout=10)
    except urllib.error.HTTPError as answer:
        back = answer.headers["Location"]
    assert fake_mpass.logout_requests == ["2001234567890"]
    parts = urlsplit(back)
    done = client.get(f"{parts.path}?{parts.query}")
    assert done.status_code == 302


def test_the_sites_log_out_button_signs_out_through_mpass_after_an_mpass_sign_in(
    client, fake_mpass
):
    mpass_sign_in(client)

    page = client.get("/").content.decode()

    assert 'action="/signin/mpass/logout/"' in page


def test_the_sites_log_out_button_stays_local_after_a_password_sign_in(client, fake_mpass):
    client.force_login(User.objects.create_user("partner", password="p" * 12))

    page = client.get("/").content.decode()

    assert 'action="/accounts/logout/"' in page


def test_mpass_metadata_read_from_its_address_signs_in(client, fake_mpass, settings):
    import dataclasses

    settings.SMARTCITY_MPASS = dataclasses.replace(
        settings.SMARTCITY_MPASS, idp_metadata=f"{fake_mpass.base_url}/meta/saml"
    )

    response = mpass_sign_in(client)

    assert response.status_code == 302
    assert _signed_in_user(client) is not None


def test_mpass_unreachable_for_its_metadata_is_a_page_not_a_500(client, fake_mpass, settings):
    import dataclasses

    settings.SMARTCITY_MPASS = dataclasses.replace(
        settings.SMARTCITY_MPASS, idp_metadata="http://127.0.0.1:9/meta/saml"
    )

    response = client.get("/signin/mpass/")

    assert response.status_code == 403
    assert "did not succeed" in response.content.decode()
