from django.contrib import admin

from smartcity.public_services.models import Service


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "department", "fee_lei", "legal_term_days", "is_active")
    list_filter = ("kind", "department", "is_active", "bookable")
    search_fields = ("name", "slug")
