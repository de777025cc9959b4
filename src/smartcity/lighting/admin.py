from django.contrib import admin

from smartcity.lighting.models import DimmingProfile


@admin.register(DimmingProfile)
class DimmingProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "district"]
