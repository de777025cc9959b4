"""Log lines of real requests, through the handler and formatters the settings configure."""

from __future__ import annotations

import datetime
import io
import json
import logging

import pytest
from django.conf import settings

from smartcity.config import env
from smartcity.operations import request_log


@pytest.fixture
def log_stream():
    """What the platform's console handler writes, as text."""
    handler = logging.getLogger("smartcity").handlers[0]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield handler, stream
    handler.setStream(previous)


def test_a_request_is_logged_with_time_level_logger_and_the_given_request_id(
    client, db, log_stream
):
    _handler, stream = log_stream
    response = client.get("/requests/track/", HTTP_X_REQUEST_ID="lb-7f3a.42")
    assert response["X-Request-ID"] == "lb-7f3a.42"
    line = next(x for x in stream.getvalue().splitlines() if "smartcity.request" in x)
    # 2026-12-07T06:01:02Z INFO smartcity.request [lb-7f3a.42] GET /requests/track/ 200 12 ms
    moment, level, logger, rid, *rest = line.split(" ")
    assert datetime.datetime.strptime(moment, "%Y-%m-%dT%H:%M:%SZ")
    assert (level, logger, rid) == ("INFO", "smartcity.request", "[lb-7f3a.42]")
    assert rest[:3] == ["GET", "/requests/track/", str(response.status_code)]


def test_a_request_without_a_sane_id_gets_a_new_one(client, db, log_stream):
    _handler, stream = log_stream
    response = client.get("/requests/track/", HTTP_X_REQUEST_ID="forged\nINFO line")
    generated = response["X-Request-ID"]
    assert len(generated) == 32 and "forged" not in generated
    assert f"[{generated}]" in stream.getvalue()
    other = client.get("/requests/track/")["X-Request-ID"]
    assert other != generated


def test_json_lines_carry_the_same_fields(client, db, log_stream):
    handler, stream = log_stream
    previous = handler.formatter
    handler.setFormatter(request_log.json_formatter())
    try:
        client.get("/requests/track/", HTTP_X_REQUEST_ID="abc-1")
    finally:
        handler.setFormatter(previous)
    lines = [json.loads(x) for x in stream.getvalue().splitlines()]
    line = next(x for x in lines if x["logger"] == "smartcity.request")
    assert line["level"] == "INFO"
    assert line["request_id"] == "abc-1"
    assert datetime.datetime.strptime(line["time"], "%Y-%m-%dT%H:%M:%SZ")
    assert line["message"].startswith("GET /requests/track/ ")


def test_residents_emails_and_passwords_never_reach_the_log(client, db, log_stream):
    _handler, stream = log_stream
    client.get("/requests/track/ana.popescu@example.md/password=hunter2")
    logging.getLogger("smartcity.service_requests").warning(
        "mail to %s failed (password: %s)", "ion@mail.md", "s3cr3t"
    )
    written = stream.getvalue()
    assert "Not Found" in written or "404" in written
    for secret in ("ana.popescu@example.md", "hunter2", "ion@mail.md", "s3cr3t"):
        assert secret not in written
    assert "<e-mail>" in written and "<hidden>" in written


def test_log_level_and_format_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("SMARTCITY_LOG_LEVEL", "warning")
    monkeypatch.setenv("SMARTCITY_LOG_FORMAT", "json")
    found = env.read()
    assert (found.log_level, found.log_format) == ("WARNING", "json")
    assert settings.LOGGING["formatters"][found.log_format]


@pytest.mark.parametrize(
    ("name", "value"), [("SMARTCITY_LOG_LEVEL", "loud"), ("SMARTCITY_LOG_FORMAT", "xml")]
)
def test_a_bad_log_setting_stops_the_process(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(env.ImproperlyConfigured, match=name):
        env.read()


def test_an_idnp_never_reaches_the_log():
    from smartcity.operations.request_log import masked

    assert masked("identity 2001234567890 refused") == "identity <idnp> refused"
    assert masked("order 12345678901234") == "order 12345678901234"
