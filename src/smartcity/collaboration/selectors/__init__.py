"""Reads of the collaboration for pages and feeds."""

from smartcity.collaboration.selectors.ideas import (
    idea_for_viewer,
    ideas_of,
    needs_to_link,
    public_ideas,
)
from smartcity.collaboration.selectors.needs import (
    NeedEvidence,
    RankingRow,
    criteria,
    need_by_id,
    need_evidence,
    needs_ranking,
    report_categories,
    supported_by,
)

__all__ = [
    "NeedEvidence",
    "RankingRow",
    "criteria",
    "idea_for_viewer",
    "ideas_of",
    "needs_to_link",
    "public_ideas",
    "need_by_id",
    "need_evidence",
    "needs_ranking",
    "report_categories",
    "supported_by",
]
