"""Log lines an IT team can search: time, level, logger and the request they belong to.

Every request gets an id (the proxy's `X-Request-ID` when it sends a sane one, else a new
one), echoed in the response, and stamped on every line logged while it is handled; one
line per request says how it was answered. Residents' e-mail addresses, IDNPs and anything
that looks like a password or token are masked before a line leaves the process.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from pythonjsonlogger.json import JsonFormatter

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
log = logging.getLogger("smartcity.request")

# An id from outside goes into every log line: only plain characters, so it cannot forge
# lines or break the JSON.
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
# Also as a URL encodes it (a query string in an error report): name%40example.md.
_EMAIL = re.compile(r"[\w.+-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+")
_SECRET = re.compile(
    r"(?i)\b(password|passwd|pwd|secret|token|api[_-]?key|authorization)(\"?\s*[=:]\s*\"?)"
    r"(bearer\s+)?[^\s&\",;]+"
)

# An IDNP (smartcity.egov): any run of exactly 13 digits, whatever the context.
_IDNP = re.compile(r"(?<!\d)\d{13}(?!\d)")

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s"


def masked(text: str) -> str:
    """`text` without e-mail addresses, IDNPs or secrets' values."""
    text = _EMAIL.sub("<e-mail>", text)
    text = _IDNP.sub("<idnp>", text)
    return _SECRET.sub(lambda m: f"{m.group(1)}{m.group(2)}<hidden>", text)


class RequestContextFilter(logging.Filter):
    """Adds `request_id` to every record and masks residents' data in its message."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        message = record.getMessage()
        cleaned = masked(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


# Lines from every host compare in one clock: UTC (the process's own zone is the city's).
UTC_DATE = "%Y-%m-%dT%H:%M:%SZ"


def text_formatter() -> logging.Formatter:
    formatter = logging.Formatter(TEXT_FORMAT, datefmt=UTC_DATE)
    formatter.converter = time.gmtime
    return formatter


def json_formatter() -> logging.Formatter:
    formatter = JsonFormatter(
        JSON_FIELDS,
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        datefmt=UTC_DATE,
    )
    formatter.converter = time.gmtime
    return formatter


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        rid = given if _SANE_ID.match(given) else uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = rid
            log.info(
                "%s %s %s %.0f ms",
                request.method,
                request.path,
                response.status_code,
                (time.perf_counter() - started) * 1000,
            )
            return response
        finally:
            request_id.reset(token)
