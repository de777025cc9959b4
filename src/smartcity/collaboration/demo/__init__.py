"""Demo data of the collaboration in Bălți (illustrative, not real decisions)."""

from __future__ import annotations

from smartcity.collaboration.demo.ecosystem import events_load, organisations_load
from smartcity.collaboration.demo.ideas import ideas_load
from smartcity.collaboration.demo.partnership import (
    ASSOCIATION,
    criteria_load,
    members_load,
    members_partner,
    needs_load,
)
from smartcity.collaboration.models import Criterion

__all__ = [
    "ASSOCIATION",
    "collaboration_load",
    "collaboration_loaded",
    "criteria_load",
    "events_load",
    "ideas_load",
    "members_load",
    "members_partner",
    "needs_load",
    "organisations_load",
]


def collaboration_load() -> None:
    """Everything the collaboration shows in the demo (idempotent)."""
    criteria_load()
    members_load()
    needs_load()
    ideas_load()
    events_load()
    organisations_load()


def collaboration_loaded() -> bool:
    return Criterion.objects.exists()
