from django.urls import path

from smartcity.devices.ngsi_ld import views

app_name = "ngsi_ld"
urlpatterns = [
    path("entities", views.entities, name="entities"),
    path("entities/<path:entity_id>/attrs", views.entity_attrs, name="entity-attrs"),
    path("entities/<path:entity_id>", views.entity_detail, name="entity"),
    path("entityOperations/upsert", views.batch_upsert, name="upsert"),
    path("temporal/entities/<path:entity_id>", views.temporal_entity_detail, name="temporal"),
    path("subscriptions", views.subscriptions, name="subscriptions"),
    path("subscriptions/<path:subscription_id>", views.subscription_detail, name="subscription"),
    path("types", views.types, name="types"),
    path("context.jsonld", views.context_document, name="context"),
]
