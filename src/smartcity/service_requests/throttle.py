"""Rate limits for anonymous reporting."""

from __future__ import annotations

from django.conf import settings

from smartcity.operations.throttle import attempt_allowed, client_key

__all__ = ["client_key", "report_allowed", "suggestions_allowed"]

# The suggestions ask the classifier for every keystroke pause: generous for a person
# typing, a wall for a script hammering the model.
SUGGESTIONS_PER_HOUR = 600


def report_allowed(key: str) -> bool:
    """Count one report for the client; False once it passed the hourly limit."""
    return attempt_allowed("reports", key, limit=settings.SMARTCITY_REPORTS_PER_HOUR)


def suggestions_allowed(key: str) -> bool:
    """Count one request for category suggestions; False past the hourly limit."""
    return attempt_allowed("suggestions", key, limit=SUGGESTIONS_PER_HOUR)
