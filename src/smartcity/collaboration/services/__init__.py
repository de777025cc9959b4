"""Writes of the collaboration: one function per thing that happens, transaction inside."""

from smartcity.collaboration.services.evaluation import (
    evaluation_note_add,
    evaluator_assign,
    idea_answer,
    may_evaluate,
)
from smartcity.collaboration.services.event_organising import (
    DOCUMENT_TYPES,
    MAX_DOCUMENT_BYTES,
    EventDetails,
    event_create,
    event_document_add,
    event_document_remove,
    event_minutes_save,
    event_update,
    may_change,
)
from smartcity.collaboration.services.events import (
    attendance_record,
    event_register,
    registration_cancel,
    waiting_list_promote,
)
from smartcity.collaboration.services.ideas import (
    EDITABLE,
    IdeaContent,
    idea_draft_create,
    idea_draft_save,
    idea_submit,
    idea_validate_complete,
)
from smartcity.collaboration.services.letters import (
    letter_pdf_store,
    letter_receipt_record,
    letter_register,
)
from smartcity.collaboration.services.needs import (
    criteria_weights_set,
    need_register,
    need_score_set,
    need_support,
)
from smartcity.collaboration.services.organisations import organisation_save
from smartcity.collaboration.services.projects import (
    may_manage,
    milestone_add,
    milestone_complete,
    project_start,
    responsible_add,
)

__all__ = [
    "DOCUMENT_TYPES",
    "EDITABLE",
    "MAX_DOCUMENT_BYTES",
    "EventDetails",
    "IdeaContent",
    "attendance_record",
    "criteria_weights_set",
    "evaluation_note_add",
    "evaluator_assign",
    "event_create",
    "event_document_add",
    "event_document_remove",
    "event_minutes_save",
    "event_register",
    "event_update",
    "idea_answer",
    "idea_draft_create",
    "idea_draft_save",
    "idea_submit",
    "idea_validate_complete",
    "letter_pdf_store",
    "letter_receipt_record",
    "letter_register",
    "may_change",
    "may_evaluate",
    "may_manage",
    "milestone_add",
    "milestone_complete",
    "need_register",
    "need_score_set",
    "need_support",
    "organisation_save",
    "project_start",
    "registration_cancel",
    "responsible_add",
    "waiting_list_promote",
]
