"""The collaboration's entities, one module per part of the partnership."""

from smartcity.collaboration.models.members import Member
from smartcity.collaboration.models.needs import Criterion, Need, NeedScore, NeedSupport, Side

__all__ = ["Criterion", "Member", "Need", "NeedScore", "NeedSupport", "Side"]
