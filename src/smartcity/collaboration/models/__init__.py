"""The collaboration's entities, one module per part of the partnership."""

from smartcity.collaboration.models.events import Event, EventDocument, Registration
from smartcity.collaboration.models.ideas import (
    Domain,
    EvaluationNote,
    EvaluatorAssignment,
    IdeaStateChange,
    IdeaStatus,
    ProjectIdea,
)
from smartcity.collaboration.models.letters import LetterToMayor
from smartcity.collaboration.models.members import Member
from smartcity.collaboration.models.needs import Criterion, Need, NeedScore, NeedSupport, Side
from smartcity.collaboration.models.organisations import Organisation
from smartcity.collaboration.models.projects import Milestone, Project, ProjectResponsible

__all__ = [
    "Criterion",
    "Domain",
    "EvaluationNote",
    "Event",
    "EventDocument",
    "EvaluatorAssignment",
    "IdeaStateChange",
    "IdeaStatus",
    "LetterToMayor",
    "Member",
    "Milestone",
    "Need",
    "NeedScore",
    "NeedSupport",
    "Organisation",
    "Project",
    "ProjectIdea",
    "ProjectResponsible",
    "Registration",
    "Side",
]
