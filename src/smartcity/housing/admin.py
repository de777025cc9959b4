from django.contrib import admin

from smartcity.housing import services
from smartcity.housing.models import (
    ApartmentBlock,
    BlockManager,
    HeatingState,
    Outage,
    UtilityProvider,
    WorkItem,
)


@admin.register(BlockManager)
class BlockManagerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "phone", "email", "department")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(ApartmentBlock)
class ApartmentBlockAdmin(admin.ModelAdmin):
    list_display = ("street", "number", "district", "floors", "apartments", "manager")
    list_filter = ("district", "heating")
    search_fields = ("street", "number")
    readonly_fields = ("street_key", "number_value", "address_key")

    def save_model(self, request, obj, form, change):  # noqa: ANN001, ANN201
        # The matching keys follow the address, as services.block_save writes them.
        services.block_keys_fill(obj)
        super().save_model(request, obj, form, change)


@admin.register(UtilityProvider)
class UtilityProviderAdmin(admin.ModelAdmin):
    list_display = ("name", "utilities", "phone", "department")


@admin.register(Outage)
class OutageAdmin(admin.ModelAdmin):
    list_display = ("utility", "kind", "provider", "street", "starts_at", "ended_at")
    list_filter = ("utility", "kind", "provider")
    filter_horizontal = ("blocks",)

    # Outages are entered in the staff pages, which check them and tell the subscribers.
    def has_add_permission(self, request):  # noqa: ANN001, ANN201
        return False

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False


@admin.register(HeatingState)
class HeatingStateAdmin(admin.ModelAdmin):
    list_display = ("block", "state", "since", "until")


@admin.register(WorkItem)
class WorkItemAdmin(admin.ModelAdmin):
    list_display = ("block", "kind", "meter_ref", "status", "first_seen", "last_seen")
    list_filter = ("kind", "status")
