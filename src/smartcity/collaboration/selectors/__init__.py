"""Reads of the collaboration for pages and feeds."""

from smartcity.collaboration.selectors.evaluation import (
    assignments_of,
    evaluators,
    ideas_assigned_to,
    ideas_awaiting_answer,
    private_notes,
)
from smartcity.collaboration.selectors.events import (
    event_by_id,
    events_calendar,
    events_for_ideas,
    events_in_feed,
    events_listed,
    registrations_of,
)
from smartcity.collaboration.selectors.ideas import (
    idea_for_viewer,
    ideas_of,
    needs_to_link,
    public_ideas,
)
from smartcity.collaboration.selectors.letters import (
    letter_by_id,
    letter_readable_by,
    letters_for_office,
)
from smartcity.collaboration.selectors.needs import (
    NeedEvidence,
    RankingRow,
    criteria,
    need_by_id,
    need_evidence,
    needs_ranked,
    needs_ranking,
    ranking_rows,
    report_categories,
    supported_by,
)
from smartcity.collaboration.selectors.organisations import (
    Link,
    organisation_by_id,
    organisation_links,
    organisations,
    organisations_geojson,
)
from smartcity.collaboration.selectors.projects import (
    ProjectProgress,
    TimelineEntry,
    progress_percent,
    project_by_id,
    project_timeline,
    projects_public,
    projects_with_progress,
)

__all__ = [
    "Link",
    "NeedEvidence",
    "ProjectProgress",
    "RankingRow",
    "TimelineEntry",
    "assignments_of",
    "criteria",
    "evaluators",
    "event_by_id",
    "events_calendar",
    "events_for_ideas",
    "events_in_feed",
    "events_listed",
    "ideas_assigned_to",
    "ideas_awaiting_answer",
    "idea_for_viewer",
    "ideas_of",
    "letter_by_id",
    "letter_readable_by",
    "letters_for_office",
    "needs_to_link",
    "organisation_by_id",
    "organisation_links",
    "organisations",
    "organisations_geojson",
    "private_notes",
    "progress_percent",
    "project_by_id",
    "project_timeline",
    "projects_public",
    "projects_with_progress",
    "public_ideas",
    "registrations_of",
    "need_by_id",
    "need_evidence",
    "needs_ranked",
    "needs_ranking",
    "ranking_rows",
    "report_categories",
    "supported_by",
]
