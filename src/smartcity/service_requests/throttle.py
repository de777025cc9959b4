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

    A fixed window per hour. Each allowed report claims a numbered slot with `add`,
    which is atomic in every cache backend (the database cache's `incr` is a read and a
    write, so two parallel submissions could both slip past a counter).
    """
    window = int(time.time() // WINDOW_SECONDS)
    return any(
        cache.add(f"reports:{key}:{window}:{slot}", 1, timeout=WINDOW_SECONDS)
        for slot in range(settings.SMARTCITY_REPORTS_PER_HOUR)
    )
