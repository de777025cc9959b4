from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from smartcity.transit.models import Agency, FeedInfo, Route, ServiceAlert, Stop


@admin.register(Agency)
class AgencyAdmin(TranslationAdmin):
    list_display = ("name", "gtfs_id", "url")


@admin.register(Route)
class RouteAdmin(TranslationAdmin):
    list_display = ("short_name", "long_name", "route_type", "agency")
    list_filter = ("route_type", "agency")


@admin.register(Stop)
class StopAdmin(TranslationAdmin):
    list_display = ("name", "gtfs_id", "code", "latitude", "longitude")
    search_fields = ("name", "gtfs_id", "code")


@admin.register(FeedInfo)
class FeedInfoAdmin(TranslationAdmin):
    list_display = ("publisher_name", "version", "is_illustrative", "imported_at")


@admin.register(ServiceAlert)
class ServiceAlertAdmin(TranslationAdmin):
    list_display = ("header", "effect", "active_from", "active_until")
    filter_horizontal = ("routes", "stops")
