"""The rate limit of booking (see operations.throttle for why it is not django-ratelimit)."""

from __future__ import annotations

from django.conf import settings

from smartcity.operations.throttle import attempt_allowed, client_key

__all__ = ["booking_allowed", "client_key"]


def booking_allowed(key: str) -> bool:
    """Count one booking attempt for the client; False past the hourly limit."""
    return attempt_allowed("bookings", key, limit=settings.SMARTCITY_BOOKINGS_PER_HOUR)
