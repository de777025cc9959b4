"""Django admin for the collaboration: a fallback to its pages, for administrators."""

from __future__ import annotations

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from smartcity.collaboration.models import Criterion, Member, Need, NeedScore, NeedSupport


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
