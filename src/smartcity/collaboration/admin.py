"""Django admin for the collaboration: a fallback to its pages, for administrators."""

from __future__ import annotations

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from smartcity.collaboration.models import (
    Criterion,
    EvaluationNote,
    EvaluatorAssignment,
    Event,
    EventDocument,
    IdeaStateChange,
    LetterToMayor,
    Member,
    Milestone,
    Need,
    NeedScore,
    NeedSupport,
    Organisation,
    Project,
    ProjectIdea,
    ProjectResponsible,
    Registration,
)


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organisation"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__last_name", "organisation"]


@admin.register(Criterion)
class CriterionAdmin(TranslationAdmin):
    list_display = ["name", "code", "weight", "order"]
    list_editable = ["weight", "order"]


class NeedScoreInline(admin.TabularInline):
    model = NeedScore
    extra = 0
    fields = ["criterion", "side", "value", "scored_by", "scored_at"]
    readonly_fields = ["scored_at"]


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["title", "service", "category", "registered_by", "registered_at"]
    search_fields = ["title", "service", "description"]
    inlines = [NeedScoreInline]


@admin.register(NeedSupport)
class NeedSupportAdmin(admin.ModelAdmin):
    list_display = ["need", "user", "created_at"]


class StateChangeInline(admin.TabularInline):
    """The record of state changes is never edited, only read."""

    model = IdeaStateChange
    extra = 0
    can_delete = False
    fields = ("changed_at", "from_status", "to_status", "changed_by", "comment")
    readonly_fields = ("changed_at", "from_status", "to_status", "changed_by", "comment")

    def has_add_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False


class AssignmentInline(admin.TabularInline):
    model = EvaluatorAssignment
    extra = 0
    fields = ["evaluator", "assigned_by", "assigned_at"]
    readonly_fields = ["assigned_at"]


class NoteInline(admin.TabularInline):
    model = EvaluationNote
    extra = 0
    fields = ["author", "text", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(ProjectIdea)
class ProjectIdeaAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "domain", "status", "submitted_at"]
    list_filter = ["status", "domain"]
    search_fields = ["title", "problem", "solution"]
    readonly_fields = ["status", "submitted_at", "answered_at"]
    filter_horizontal = ["needs"]
    inlines = [AssignmentInline, NoteInline, StateChangeInline]


@admin.register(LetterToMayor)
class LetterToMayorAdmin(admin.ModelAdmin):
    list_display = ["number", "idea", "registered_at", "received_on", "incoming_number"]
    search_fields = ["number", "incoming_number", "idea__title"]
    readonly_fields = ["idea", "year", "sequence", "number", "registered_at"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class ResponsibleInline(admin.TabularInline):
    model = ProjectResponsible
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "budget", "starts_on", "ends_on", "status"]
    list_filter = ["status"]
    inlines = [ResponsibleInline, MilestoneInline]


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["name", "email", "status", "attended", "created_at"]
    readonly_fields = ["created_at"]


class EventDocumentInline(admin.TabularInline):
    model = EventDocument
    extra = 0
    fields = ("title", "original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "place", "capacity"]
    list_filter = ["kind"]
    search_fields = ["title", "description"]
    filter_horizontal = ["ideas"]
    inlines = [RegistrationInline, EventDocumentInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "sector", "size", "center_relation"]
    list_filter = ["kind", "size", "center_relation"]
    search_fields = ["name", "sector"]
    filter_horizontal = ["projects", "events"]
