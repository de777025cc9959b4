from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from smartcity.city.models import CityProfile, Department, District, StaffMember


@admin.register(CityProfile)
class CityProfileAdmin(TranslationAdmin):
    list_display = ("name", "address", "info_phone", "opens_at", "closes_at")


@admin.register(District)
class DistrictAdmin(TranslationAdmin):
    list_display = ("name", "slug", "is_approximate", "population")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Department)
class DepartmentAdmin(TranslationAdmin):
    list_display = ("name", "kind", "register_code", "email", "phone")
    list_filter = ("kind",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):
    list_display = ("user", "department", "role")
    list_filter = ("role", "department")
    autocomplete_fields = ("user",)
