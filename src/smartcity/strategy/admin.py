"""Django admin for the strategy tracking: a fallback to its pages, for administrators."""

from __future__ import annotations

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from smartcity.strategy.models import ChangeRecord, Indicator, IndicatorValue, Node, Plan


@admin.register(Plan)
class PlanAdmin(TranslationAdmin):
    list_display = ["code", "title", "start_year", "end_year", "is_illustrative"]


@admin.register(Node)
class NodeAdmin(TranslationAdmin):
    list_display = ["code", "title", "plan", "level", "weight", "status", "progress"]
    list_filter = ["plan", "level", "status"]
    search_fields = ["code", "title"]
    filter_horizontal = ["needs", "ideas", "projects"]


@admin.register(Indicator)
class IndicatorAdmin(TranslationAdmin):
    list_display = ["code", "name", "plan", "computation"]
    list_filter = ["plan"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ["indicator", "measured_on", "value", "is_computed", "entered_by"]
    list_filter = ["is_computed"]


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):
    list_display = ["changed_at", "plan", "kind", "node", "indicator", "changed_by"]
    list_filter = ["kind", "plan"]

    def has_change_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False  # the record is kept as it was written
