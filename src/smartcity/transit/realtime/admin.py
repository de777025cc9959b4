from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from smartcity.transit.realtime.models import RefusedPositions, Vehicle, VehicleRun
from smartcity.transit.realtime.services import vehicle_token_issue


@admin.register(Vehicle)
class VehicleAdmin(admin.ModelAdmin):
    list_display = ["ref", "label", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["ref", "label"]
    exclude = ["token_hash", "broker_password_hash"]
    actions = ["token_issue"]

    @admin.action(description=_("Issue a new token (the old one stops working)"))
    def token_issue(self, request, queryset) -> None:  # noqa: ANN001
        for vehicle in queryset:
            token = vehicle_token_issue(vehicle=vehicle)
            self.message_user(
                request,
                _("Token of %(vehicle)s (shown once): %(token)s")
                % {"vehicle": vehicle.ref, "token": token},
                messages.WARNING,
            )
        self.message_user(
            request,
            ngettext("%(n)d token issued.", "%(n)d tokens issued.", queryset.count())
            % {"n": queryset.count()},
        )


@admin.register(VehicleRun)
class VehicleRunAdmin(admin.ModelAdmin):
    list_display = ["vehicle", "trip", "start_date", "observed_at", "delay", "off_route_fixes"]
    raw_id_fields = ["vehicle", "trip"]


@admin.register(RefusedPositions)
class RefusedPositionsAdmin(admin.ModelAdmin):
    list_display = ["day", "vehicle_ref", "reason", "count"]
    list_filter = ["reason"]
