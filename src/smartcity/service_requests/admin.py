"""Django admin for service requests: a fallback to the back office, for administrators."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from smartcity.service_requests import services
from smartcity.service_requests.models import (
    AreaSubscription,
    AttributeValue,
    CategoryAttribute,
    CategoryClassifier,
    Open311Client,
    RequestPhoto,
    RequestUpdate,
    ServiceCategory,
    ServiceRequest,
)


class CategoryAttributeInline(TranslationTabularInline):
    model = CategoryAttribute
    extra = 0
    fields = ["code", "description", "datatype", "required", "variable", "order"]
    show_change_link = True


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(TranslationAdmin):
    list_display = ["name", "code", "group", "department", "sla_hours", "is_active", "order"]
    list_filter = ["department", "is_active"]
    list_editable = ["is_active", "order"]
    search_fields = ["code", "name_ro", "name_ru", "name_en", "keywords"]
    inlines = [CategoryAttributeInline]


class AttributeValueInline(TranslationTabularInline):
    model = AttributeValue
    extra = 0
    fields = ["key", "name", "order"]


@admin.register(CategoryAttribute)
class CategoryAttributeAdmin(TranslationAdmin):
    list_display = ["code", "category", "datatype", "required"]
    list_filter = ["category"]
    inlines = [AttributeValueInline]


# Module constants, not class attributes: a class body reads `fields` with the type
# ModelAdmin declares for it, which `readonly_fields` cannot take.
UPDATE_FIELDS = (
    "created_at",
    "kind",
    "status",
    "closure_reason",
    "staff",
    "public_comment",
    "internal_note",
)
PHOTO_FIELDS = ("image", "width", "height", "created_at")
REQUEST_FIELDS = (
    "tracking_code",
    "category",
    "department",
    "status",
    "closure_reason",
    "description",
    "address",
    "latitude",
    "longitude",
    "district",
    "attributes",
    "first_name",
    "last_name",
    "email",
    "phone",
    "language",
    "source",
    "api_client",
    "assigned_to",
    "duplicate_of",
    "requested_at",
    "updated_at",
    "due_at",
    "closed_at",
    "is_hidden",
)


class RequestUpdateInline(admin.TabularInline):
    model = RequestUpdate
    extra = 0
    can_delete = False
    fields = UPDATE_FIELDS
    readonly_fields = UPDATE_FIELDS

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # History is written by the services only, so every change is explained.
        return False


class RequestPhotoInline(admin.TabularInline):
    model = RequestPhoto
    extra = 0
    can_delete = False
    fields = PHOTO_FIELDS
    readonly_fields = PHOTO_FIELDS

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ServiceRequest)
class ServiceRequestAdmin(admin.ModelAdmin):
    """Read-mostly: status, routing and assignment change in the back office, through
    the services that record history and tell the reporter; here only hiding is edited."""

    list_display = [
        "tracking_code",
        "category",
        "department",
        "status",
        "district",
        "requested_at",
        "due_at",
    ]
    list_filter = ["status", "department", "category", "source", "is_hidden"]
    search_fields = ["tracking_code", "description", "address"]
    list_select_related = ["category", "department", "district"]
    date_hierarchy = "requested_at"
    inlines = [RequestPhotoInline, RequestUpdateInline]
    fields = REQUEST_FIELDS
    readonly_fields = [name for name in REQUEST_FIELDS if name != "is_hidden"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj, form, change) -> None:  # noqa: ANN001
        # Hiding goes through the service: it is recorded in the history, and it moves
        # the request's update time, which the published feeds and caches follow.
        if "is_hidden" in form.changed_data:
            services.request_set_hidden(request=obj, user=request.user, hidden=obj.is_hidden)


@admin.register(Open311Client)
class Open311ClientAdmin(admin.ModelAdmin):
    list_display = ["name", "key_prefix", "is_active", "created_at"]
    fields = ["name", "key_prefix", "is_active", "created_at"]
    readonly_fields = ["key_prefix", "created_at"]
    actions = ["regenerate_key"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A client is created with its key by the action or `open311_client_set_key`;
        # a form here would store a client without a usable key.
        return False

    @admin.action(description=_("Give the selected clients a new key"))
    def regenerate_key(self, request: HttpRequest, queryset: QuerySet[Open311Client]) -> None:
        for client in queryset:
            _client, key = services.open311_client_set_key(name=client.name)
            # The clear key exists only now: only its hash is stored.
            self.message_user(
                request,
                gettext("New key of “%(name)s” (shown only this once): %(key)s")
                % {"name": client.name, "key": key},
                messages.WARNING,
            )


@admin.register(AreaSubscription)
class AreaSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "district", "category", "radius_m", "confirmed_at", "created_at"]
    list_filter = ["district", "category"]
    search_fields = ["email"]


@admin.register(CategoryClassifier)
class CategoryClassifierAdmin(admin.ModelAdmin):
    list_display = ["trained_at", "sample_count", "held_out_accuracy"]
    exclude = ["model"]
    readonly_fields = ["trained_at", "sample_count", "held_out_accuracy"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
