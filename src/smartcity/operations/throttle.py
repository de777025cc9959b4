"""Rate limits for the public forms, kept in Django's shared cache.

Why not django-ratelimit: its counter is `cache.incr`, which the database cache (the
embedded default, no Redis needed) implements as a read then a write, and the library
refuses that backend outright (check django_ratelimit.E003). Here each allowed attempt
claims a numbered slot with `cache.add`, atomic in every shared backend, so two parallel
submissions can never both take the last slot.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.http import HttpRequest


def client_key(request: HttpRequest) -> str:
    """Who is asking: the client's address (set from the trusted proxy's header)."""
    return request.META.get("REMOTE_ADDR", "unknown")


def attempt_allowed(scope: str, key: str, *, limit: int, window_seconds: int = 3600) -> bool:
    """Count one attempt of `key` at `scope`; False once `limit` were counted in this
    fixed window. `key` may be personal (an e-mail address): only its hash is stored."""
    window = int(time.time() // window_seconds)
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return any(
        cache.add(f"throttle:{scope}:{digest}:{window}:{slot}", 1, timeout=window_seconds)
        for slot in range(limit)
    )
