"""An integrator's Open311 key, given and revoked by `smartcity open311_client`."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from .test_writing import BASE, REPORT


def _key_given(name: str) -> str:
    out = io.StringIO()
    call_command("open311_client", name, stdout=out)
    return out.getvalue().strip()


def test_a_key_given_by_the_command_creates_requests(client, balti):
    key = _key_given("Aplicația mobilă")
    response = client.post(f"{BASE}/requests.json", {**REPORT, "api_key": key})
    assert response.status_code == 201


def test_a_new_key_replaces_the_old_one(client, balti):
    old = _key_given("Aplicația mobilă")
    new = _key_given("Aplicația mobilă")
    assert client.post(f"{BASE}/requests.json", {**REPORT, "api_key": old}).status_code == 403
    assert client.post(f"{BASE}/requests.json", {**REPORT, "api_key": new}).status_code == 201


def test_a_revoked_key_no_longer_works(client, balti):
    key = _key_given("Aplicația mobilă")
    call_command("open311_client", "Aplicația mobilă", "--revoke", stdout=io.StringIO())
    assert client.post(f"{BASE}/requests.json", {**REPORT, "api_key": key}).status_code == 403


def test_revoking_an_unknown_client_says_so(balti):
    with pytest.raises(CommandError, match="no Open311 client named"):
        call_command("open311_client", "Nimeni", "--revoke")
