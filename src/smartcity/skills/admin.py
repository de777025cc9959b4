"""The survey designer in Django's admin (translated texts side by side), and the
study's rounds and invitations."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from smartcity.skills.models import (
    Invitation,
    Occupation,
    Option,
    Question,
    Section,
    Skill,
    StudyRound,
    Survey,
)


class SectionInline(TranslationStackedInline):
    model = Section
    extra = 0


@admin.register(Survey)
class SurveyAdmin(TranslationAdmin):
    list_display = ["title", "slug", "preview"]
    inlines = [SectionInline]

    @admin.display(description=_("preview"))
    def preview(self, survey: Survey) -> str:
        from django.urls import reverse

        return format_html(
            '<a href="{}">{}</a>', reverse("skills:preview", args=[survey.pk]), _("preview")
        )


class OptionInline(TranslationTabularInline):
    model = Option
    extra = 0


@admin.register(Question)
class QuestionAdmin(TranslationAdmin):
    list_display = ["text", "code", "kind", "required", "section", "position"]
    list_filter = ["section__survey", "kind", "required"]
    list_editable = ["position", "required"]
    search_fields = ["code", "text"]
    inlines = [OptionInline]
    raw_id_fields = ["show_if_question"]


@admin.register(Occupation)
class OccupationAdmin(TranslationAdmin):
    list_display = ["code", "title", "field", "esco_uri"]
    list_filter = ["field"]


@admin.register(Skill)
class SkillAdmin(TranslationAdmin):
    list_display = ["label", "code", "field"]
    list_filter = ["field"]


@admin.register(StudyRound)
class StudyRoundAdmin(admin.ModelAdmin):
    list_display = ["year", "survey", "opens_at", "closes_at"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "round", "sent_at", "reminders"]
    list_filter = ["round"]
    search_fields = ["organisation__name"]
    readonly_fields = ["token"]
    raw_id_fields = ["organisation"]
