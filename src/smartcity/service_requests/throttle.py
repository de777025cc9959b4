"""Rate limits for anonymous reporting, kept in Django's (shared, database) cache."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 3600


def client_key(request: HttpRequest) -> str:
    # Behind a proxy the platform is configured to trust, REMOTE_ADDR is set from it.
    return request.META.get("REMOTE_ADDR", "unknown")


def report_allowed(key: str) -> bool:
    """Count one report for the client; False once it passed the hourly limit.

    A fixed window per hour: `add` creates the counter atomically, `incr` bumps it
    atomically, so parallel submissions cannot slip past the limit.
    """
    window = int(time.time() // WINDOW_SECONDS)
    counter = f"reports:{key}:{window}"
    cache.add(counter, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(counter)
    except ValueError:  # expired between add and incr
        cache.add(counter, 1, timeout=WINDOW_SECONDS)
        count = 1
    return count <= settings.SMARTCITY_REPORTS_PER_HOUR
