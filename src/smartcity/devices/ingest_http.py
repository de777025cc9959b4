"""HTTP ingestion: POST /ingest/v1/readings with a device's or a gateway's bearer token.

The body is one reading or {"readings": [...]}. The answer says how many readings were
stored, how many had been stored before, and why each refused one was refused:

    {"accepted": 98, "duplicates": 1, "rejected": [{"index": 7, "device": "SL-0009",
     "reason": "impossible_value", "detail": "activePower 9000 is outside 0–500"}]}

Errors of the request as a whole: {"error": "<code>", "detail": "<message>"} with 400
(malformed JSON or shape), 401 (no or unknown token), 405, 413 (too large) or 429 (every
reading was refused for coming too fast).
"""

from __future__ import annotations

import orjson
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from smartcity.devices.ingest import Credential, credential_for_token, readings_ingest
from smartcity.devices.models import RejectedReadings

Reason = RejectedReadings.Reason

MAX_READINGS = 10_000


def _answer(body: dict, status: int = 200) -> HttpResponse:
    return HttpResponse(orjson.dumps(body), status=status, content_type="application/json")


def _error(code: str, detail: str, status: int) -> HttpResponse:
    return _answer({"error": code, "detail": detail}, status)


class _BadRequest(Exception):  # noqa: N818 - a response, not an error of ours
    def __init__(self, response: HttpResponse) -> None:
        self.response = response


def _credential(request: HttpRequest) -> Credential:
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    credential = credential_for_token(token.strip()) if scheme.lower() == "bearer" else None
    if credential is None:
        response = _error("unauthorized", "a valid device or gateway bearer token is required", 401)
        response["WWW-Authenticate"] = 'Bearer realm="ingest"'
        raise _BadRequest(response)
    return credential


def _readings(request: HttpRequest) -> list:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    limit = settings.SMARTCITY_INGEST_MAX_BYTES
    too_large = _BadRequest(_error("too_large", f"the body may have at most {limit} bytes", 413))
    if length > limit:
        raise too_large
    body = request.read(limit + 1)
    if len(body) > limit:
        raise too_large
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise _BadRequest(_error("malformed_json", f"the body is not JSON: {exc}", 400)) from None
    if isinstance(payload, dict):
        payload = payload["readings"] if "readings" in payload else [payload]
    if not isinstance(payload, list):
        raise _BadRequest(_error("malformed", 'send one reading or {"readings": [...]}', 400))
    if len(payload) > MAX_READINGS:
        raise _BadRequest(_error("too_large", f"at most {MAX_READINGS} readings per request", 413))
    return payload


@csrf_exempt
def readings_post(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        response = _error("method_not_allowed", "use POST", 405)
        response["Allow"] = "POST"
        return response
    try:
        credential = _credential(request)
        readings = _readings(request)
    except _BadRequest as bad:
        return bad.response
    result = readings_ingest(readings, credential=credential)
    answer = {
        "accepted": result.accepted,
        "duplicates": result.duplicates,
        "rejected": [
            {"index": r.index, "device": r.device, "reason": r.reason, "detail": r.detail}
            for r in result.rejected
        ],
    }
    reasons = {r.reason for r in result.rejected}
    if readings and len(result.rejected) == len(readings) and reasons == {Reason.BURST}:
        response = _answer(answer, 429)
        response["Retry-After"] = "60"
        return response
    return _answer(answer)
