from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from smartcity.institutions.models import (
    Institution,
    InstitutionEvent,
    KindergartenPlaces,
    OpeningHours,
)


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


@admin.register(Institution)
class InstitutionAdmin(TranslationAdmin):
    list_display = ("name", "kind", "district", "department", "is_illustrative")
    list_filter = ("kind", "district", "department")
    search_fields = ("name", "address")
    inlines = [OpeningHoursInline]


@admin.register(KindergartenPlaces)
class KindergartenPlacesAdmin(admin.ModelAdmin):
    list_display = ("district", "period", "capacity", "enrolled", "waiting_list", "free_places")
    list_filter = ("period",)


@admin.register(InstitutionEvent)
class InstitutionEventAdmin(admin.ModelAdmin):
    list_display = ("event", "institution", "role")
