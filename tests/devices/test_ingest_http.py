"""POST /ingest/v1/readings: devices and gateways send readings with a bearer token."""

from __future__ import annotations

import json

import pytest

from smartcity.devices.models import Reading, RejectedReadings
from tests.conftest import iso
from tests.devices.conftest import at

URL = "/ingest/v1/readings"


def post(client, body, token=None, **extra):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json", **headers, **extra)


def one(lamp, minute=0, **values):
    return {
        "device": lamp.ref,
        "observedAt": iso(at(18, minute)),
        "values": values or {"activePower": 60},
    }


def test_a_device_posts_a_batch_and_hears_what_was_stored(client, lamp, lamp_token):
    response = post(
        client,
        {"readings": [one(lamp, 0), one(lamp, 0), one(lamp, 1, activePower=9999)]},
        lamp_token,
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["accepted"], body["duplicates"]) == (1, 1)
    assert body["rejected"] == [
        {
            "index": 2,
            "device": lamp.ref,
            "reason": "impossible_value",
            "detail": "activePower 9999 is outside 0–500",
        }
    ]
    assert Reading.objects.count() == 1


def test_a_single_reading_may_be_posted_alone(client, lamp, lamp_token):
    assert post(client, one(lamp), lamp_token).json()["accepted"] == 1


@pytest.mark.parametrize("token", [None, "not-a-token"])
def test_without_a_valid_token_nothing_is_stored(client, lamp, token):
    response = post(client, one(lamp), token)
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert not Reading.objects.exists()


def test_malformed_json_gets_a_clear_error(client, lamp, lamp_token):
    response = post(client, b'{"readings": [', lamp_token)
    assert response.status_code == 400
    assert response.json()["error"] == "malformed_json"


def test_a_body_of_the_wrong_shape_gets_a_clear_error(client, lamp, lamp_token):
    response = post(client, "42", lamp_token)
    assert response.status_code == 400
    assert response.json()["error"] == "malformed"


def test_an_oversized_body_is_refused_unread(client, lamp, lamp_token, settings):
    settings.SMARTCITY_INGEST_MAX_BYTES = 2048
    response = post(client, {"readings": [one(lamp, m % 60) for m in range(100)]}, lamp_token)
    assert response.status_code == 413
    assert not Reading.objects.exists()


def test_only_post_is_allowed(client, lamp_token):
    response = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {lamp_token}")
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_a_device_that_only_bursts_hears_429(client, lamp, lamp_token, monkeypatch):
    from smartcity.devices import ingest

    monkeypatch.setattr(ingest.burst_guard, "per_minute", 2)
    assert post(client, {"readings": [one(lamp, 0), one(lamp, 1)]}, lamp_token).status_code == 200
    response = post(client, {"readings": [one(lamp, 2), one(lamp, 3)]}, lamp_token)
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert RejectedReadings.objects.get(device_ref=lamp.ref, reason="burst").count == 2
    assert Reading.objects.count() == 2
