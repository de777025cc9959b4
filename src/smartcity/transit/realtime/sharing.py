"""Values every process shares through the configured cache, computed once per slot.

A value is kept under a key naming its time slot, so every gunicorn worker (and every
host, with Redis) reads the one computed first. While one process computes a slot (it
holds a short lock taken with `cache.add`, which only one caller wins), the others
answer with the previous slot's value, or, when there is none, wait a moment for the new
one. Without a working cache every caller computes for itself: slower, never wrong.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache

log = logging.getLogger(__name__)

# Longer than the slowest computation (a cold process learning the history of the stop
# arrivals, a few seconds): a lock outliving its holder only delays the next slot.
LOCK_S = 15
WAIT_S = 3.0  # how long a process without a previous value waits for the one computing
POLL_S = 0.05

T = TypeVar("T")


def _cache_call(name: str, *args: Any, **kwargs: Any) -> Any:
    """A call on the shared cache, or None when the cache does not answer."""
    try:
        return getattr(cache, name)(*args, **kwargs)
    except Exception:  # noqa: BLE001 - any backend's failure (Redis down, no table): go on
        log.warning("the shared cache failed on %s; computing without it", name, exc_info=True)
        return None


def slot_shared(key: str, slot: int, compute: Callable[[], T], *, keep: float) -> T:
    """The value of `key` for `slot`, computed by `compute` in one process at a time and
    kept `keep` seconds (at least two slots: the previous one is served while the next is
    computed). `compute` must not return None."""
    current = f"{key}:{slot}"
    found = _cache_call("get", current)
    if found is not None:
        return found
    locked = _cache_call("add", f"{current}:lock", 1, timeout=LOCK_S)
    if locked is False:  # another process is computing this slot
        previous = _cache_call("get", f"{key}:{slot - 1}")
        if previous is not None:
            return previous
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            time.sleep(POLL_S)
            found = _cache_call("get", current)
            if found is not None:
                return found
    value = compute()
    _cache_call("set", current, value, timeout=keep)
    return value
