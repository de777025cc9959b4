from django.contrib import admin

from smartcity.devices.models import (
    Alert,
    AlertRule,
    Device,
    Gateway,
    NgsiSubscription,
)


@admin.register(Device)
class DeviceAdmin(admin.ModelAdmin):
    list_display = ["ref", "device_type", "district", "department", "is_connected", "is_active"]
    list_filter = ["device_type", "district", "is_connected", "is_active"]
    search_fields = ["ref", "name", "address"]
    exclude = ["token_hash", "broker_password_hash"]


@admin.register(Gateway)
class GatewayAdmin(admin.ModelAdmin):
    list_display = ["name", "writes_any_device", "is_active"]
    exclude = ["token_hash", "broker_password_hash"]


@admin.register(AlertRule)
class AlertRuleAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "device_type",
        "kind",
        "severity",
        "creates_service_request",
        "is_active",
    ]
    list_filter = ["device_type", "kind", "is_active"]
    raw_id_fields = ["device"]


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["opened_at", "rule", "device", "status", "service_request"]
    list_filter = ["status", "rule"]
    raw_id_fields = ["device", "service_request"]


# RejectedReadings has a composite key, which the admin cannot show; the back office
# lists refusals instead.
admin.site.register(NgsiSubscription)
