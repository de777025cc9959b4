"""The rate limit of booking, in Django's shared cache: the same fixed-window slots as
the anonymous reports' (service_requests/throttle.py), each claimed by an atomic `add`."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

from smartcity.service_requests.throttle import client_key

WINDOW_SECONDS = 3600
__all__ = ["booking_allowed", "client_key"]


def booking_allowed(key: str) -> bool:
    """Count one booking attempt for the client; False past the hourly limit."""
    window = int(time.time() // WINDOW_SECONDS)
    return any(
        cache.add(f"bookings:{key}:{window}:{slot}", 1, timeout=WINDOW_SECONDS)
        for slot in range(settings.SMARTCITY_BOOKINGS_PER_HOUR)
    )
