"""Error reports to Sentry, when SMARTCITY_SENTRY_DSN is set.

Imported by the settings only then, so an installation without Sentry loads none of its
SDK. An event leaves the process with residents' data masked as in the log
(`request_log.masked`): Sentry's own scrubbing drops cookies, the user's address and
values under keys such as `password`, but not an e-mail address inside a message, a
query string or a local variable of the failing frame.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import cast

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.types import Event, Hint

from smartcity.operations.request_log import masked

# Values under these keys are hidden whole, whatever they look like.
SECRET_KEYS = ("password", "passwd", "secret", "token", "api_key", "authorization", "email")


def scrubbed(value: object, key: str = "") -> object:
    """`value` with every string masked, recursively; values under a secret key hidden."""
    if isinstance(value, str):
        return "<hidden>" if any(word in key.lower() for word in SECRET_KEYS) else masked(value)
    if isinstance(value, dict):
        return {k: scrubbed(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrubbed(item, key) for item in value]
    return value


def event_scrub(event: Event, hint: Hint) -> Event:
    """Sentry's `before_send`: the event as it will be sent, residents' data masked."""
    return cast(Event, scrubbed(event))


def release() -> str | None:
    """The installed package's version (not `name@version`: that looks like an e-mail
    address to the masking)."""
    try:
        return version("smartcity")
    except PackageNotFoundError:  # a source tree never installed: Sentry guesses
        return None


def sentry_start(*, dsn: str, environment: str, traces_sample_rate: float) -> None:
    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        environment=environment,
        release=release(),
        send_default_pii=False,
        traces_sample_rate=traces_sample_rate,
        before_send=event_scrub,
        # Transactions carry URLs and span descriptions (SQL) too.
        before_send_transaction=event_scrub,
    )
