from django.contrib import admin

from smartcity.appointments.models import Booking, DeskService, FrontDesk


class DeskServiceInline(admin.TabularInline):
    model = DeskService
    extra = 1
    autocomplete_fields = ("service",)


@admin.register(FrontDesk)
class FrontDeskAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "place", "department", "is_active")
    list_filter = ("department", "is_active")
    search_fields = ("name", "place")
    inlines = (DeskServiceInline,)


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ("starts_at", "desk", "service", "name", "status")
    list_filter = ("status", "desk")
    search_fields = ("name", "phone", "email")
    date_hierarchy = "starts_at"
    readonly_fields = ("cancel_token", "created_at", "cancelled_at", "reminded_at", "marked_by")
