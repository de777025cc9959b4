from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from smartcity.egov.models import FeeOrder, MPassIdentity, Notice


class _ReadOnly(admin.ModelAdmin):
    """What MPass and MNotify said is a record: seen, never typed in by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(MPassIdentity)
class MPassIdentityAdmin(_ReadOnly):
    # The IDNP stays off the list and the search: it is shown on one identity's page only.
    list_display = ("first_name", "last_name", "user", "last_signed_in_at")
    search_fields = ("last_name", "first_name")
    readonly_fields = ("user", "idnp", "first_name", "last_name", "email")


@admin.register(Notice)
class NoticeAdmin(_ReadOnly):
    list_display = ("pk", "status", "attempts", "created_at", "sent_at", "last_error")
    list_filter = ("status",)
    exclude = ("recipient_idnp",)


@admin.register(FeeOrder)
class FeeOrderAdmin(_ReadOnly):
    # Made by the apps that charge the fee, marked paid by MPay: never edited by hand.
    list_display = ("order_key", "reason", "amount", "status", "created_at", "paid_at")
    list_filter = ("status",)
    search_fields = ("order_key", "mpay_payment_id")
    exclude = ("payer_idnp",)
