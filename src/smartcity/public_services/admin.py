from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from smartcity.public_services.models import Application, Service, ServiceQuestion
from smartcity.web.questions import question_choices_check, question_values_parse


class ServiceQuestionForm(forms.ModelForm):
    """The service's question designer checks the choices as the categories' one does."""

    class Meta:
        model = ServiceQuestion
        fields = "__all__"

    def clean(self) -> dict:
        data = super().clean() or {}
        try:
            values = question_values_parse(data.get("values_text", ""))
        except ValidationError as exc:
            raise ValidationError({"values_text": exc.messages}) from exc
        problems = question_choices_check(data.get("datatype", ""), values)
        if problems:
            raise ValidationError({"values_text": problems})
        return data


class ServiceQuestionInline(TranslationTabularInline):
    model = ServiceQuestion
    form = ServiceQuestionForm
    extra = 1


@admin.register(Service)
class ServiceAdmin(TranslationAdmin):
    list_display = ("name", "kind", "department", "fee_lei", "legal_term_days", "is_active")
    list_filter = ("kind", "department", "is_active", "bookable")
    search_fields = ("name", "slug")
    inlines = [ServiceQuestionInline]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("number", "kind", "department", "status", "deadline", "answered_in_term")
    list_filter = ("kind", "status", "department")
    search_fields = ("number", "applicant_name")
    readonly_fields = ("number", "register_code", "year", "sequence", "registered_at")
