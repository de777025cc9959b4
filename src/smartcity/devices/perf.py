"""Help for the hub's bulk paths, which build tens of thousands of small objects at once."""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_depth = 0
_was_enabled = True


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Hold off Python's cyclic garbage collector while a bulk result is built.

    Building 20,000 states or a batch of readings allocates enough containers to start
    several collections, each walking every object of the process (the whole Django
    application): measured, most of the time of `states_current`. What is built here
    holds no reference cycles, so nothing is lost by collecting after; reference
    counting frees everything else as usual. Nested and concurrent uses re-enable the
    collector only when the last one ends, and never if it was off before.
    """
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
