"""Writes of the collaboration: one function per thing that happens, transaction inside."""

from smartcity.collaboration.services.needs import (
    criteria_weights_set,
    need_register,
    need_score_set,
    need_support,
)

__all__ = ["criteria_weights_set", "need_register", "need_score_set", "need_support"]
