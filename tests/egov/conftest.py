"""The fake MPass identity provider, and the platform configured to trust it."""

from __future__ import annotations

import urllib.request
from urllib.parse import urlsplit

import pytest

from smartcity.config.env import MPass
from tests.egov.certificates import key_pair_make
from tests.egov.fake_mpass import FakeMPass, form_read

SP_ENTITY_ID = "https://smart.balti.md/signin/mpass/metadata/"


@pytest.fixture
def fake_mpass(settings, tmp_path, client):
    """MPass running on this machine, and the platform configured for it; the service's
    metadata is read from our metadata page and handed to the IdP, as at registration."""
    fake = FakeMPass(directory=tmp_path / "mpass")
    sp = key_pair_make(tmp_path / "sp", "smart.balti.md")
    settings.SMARTCITY_MPASS = MPass(
        idp_metadata=str(fake.metadata_path),
        sp_entity_id=SP_ENTITY_ID,
        sp_cert=sp.cert,
        sp_key=sp.key,
    )
    # The pages' messages are read in English below, unless a test asks for another language.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    metadata = client.get("/signin/mpass/metadata/")
    assert metadata.status_code == 200
    fake.trust(metadata.content.decode())
    yield fake
    fake.close()


def mpass_answer(client, path: str = "/signin/mpass/"):  # noqa: ANN001 - a test client
    """Start an MPass sign-in and follow the browser to MPass: what it would POST back."""
    start = client.get(path)
    assert start.status_code == 302, start.content
    with urllib.request.urlopen(start["Location"], timeout=10) as page:  # noqa: S310 - local
        return form_read(page.read().decode())


def acs_post(client, answer):  # noqa: ANN001 - a test client, an Answer
    """The browser submitting MPass's form to our ACS."""
    return client.post(urlsplit(answer.action).path, answer.fields)


def mpass_sign_in(client, path: str = "/signin/mpass/"):  # noqa: ANN001 - a test client
    return acs_post(client, mpass_answer(client, path))
