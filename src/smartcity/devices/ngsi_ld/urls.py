# Every path answers with and without a trailing slash (generic clients such as
# ngsildclient add one), and anything else under /ngsi-ld/v1/ is a ProblemDetails 404,
# never the site's HTML page. Ids and names may be IRIs, so they may hold slashes.
from django.urls import re_path

from smartcity.devices.ngsi_ld import views

app_name = "ngsi_ld"
ID = r"(?P<entity_id>[^/]+?)"
urlpatterns = [
    re_path(r"^entities/?$", views.entities, name="entities"),
    re_path(rf"^entities/{ID}/attrs/?$", views.entity_attrs, name="entity-attrs"),
    re_path(
        rf"^entities/{ID}/attrs/(?P<attr_id>.+?)/?$", views.entity_attribute, name="entity-attr"
    ),
    re_path(rf"^entities/{ID}/?$", views.entity_detail, name="entity"),
    re_path(r"^entityOperations/query/?$", views.entities_query, name="query"),
    re_path(r"^entityOperations/(?P<mode>[A-Za-z]+)/?$", views.batch, name="batch"),
    re_path(r"^temporal/entities/?$", views.temporal_entities, name="temporal-entities"),
    re_path(
        rf"^temporal/entities/{ID}/attrs/?$",
        views.temporal_entity_attrs,
        name="temporal-attrs",
    ),
    re_path(rf"^temporal/entities/{ID}/?$", views.temporal_entity_detail, name="temporal"),
    re_path(r"^subscriptions/?$", views.subscriptions, name="subscriptions"),
    re_path(
        r"^subscriptions/(?P<subscription_id>.+?)/?$",
        views.subscription_detail,
        name="subscription",
    ),
    re_path(r"^types/?$", views.types, name="types"),
    re_path(r"^types/(?P<type_name>.+?)/?$", views.type_detail, name="type"),
    re_path(r"^attributes/?$", views.attributes, name="attributes"),
    re_path(r"^attributes/(?P<attr_name>.+?)/?$", views.attribute_detail, name="attribute"),
    re_path(r"^jsonldContexts/?$", views.jsonld_contexts, name="contexts"),
    re_path(r"^jsonldContexts/(?P<context_id>.+?)/?$", views.jsonld_context, name="hosted-context"),
    re_path(r"^csourceRegistrations/?$", views.not_offered, name="registrations"),
    re_path(r"^csourceRegistrations/(?P<rest>.+)$", views.not_offered),
    re_path(r"^csourceSubscriptions/?$", views.not_offered, name="registration-subscriptions"),
    re_path(r"^csourceSubscriptions/(?P<rest>.+)$", views.not_offered),
    re_path(r"^context\.jsonld$", views.context_document, name="context"),
    re_path(r"^.*$", views.not_found, name="not-found"),
]
