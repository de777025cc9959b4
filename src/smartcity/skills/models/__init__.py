from smartcity.skills.models.classification import Occupation, Skill
from smartcity.skills.models.study import Answer, Invitation, Response, StudyRound
from smartcity.skills.models.survey import Option, Question, Section, Survey

__all__ = [
    "Answer",
    "Invitation",
    "Occupation",
    "Option",
    "Question",
    "Response",
    "Section",
    "Skill",
    "StudyRound",
    "Survey",
]
