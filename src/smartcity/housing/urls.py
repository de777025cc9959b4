from django.urls import path

from smartcity.housing import staff_views, views

app_name = "housing"
urlpatterns = [
    path("", views.outage_map, name="outages"),
    path("outages.geojson", views.outages_geojson, name="outages_geojson"),
    path("outages/<int:pk>/", views.outage_detail, name="outage"),
    path("blocks/", views.block_list, name="blocks"),
    path("blocks/<int:pk>/", views.block_detail, name="block"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path(
        "subscriptions/<str:token>/confirm/",
        views.subscription_confirm,
        name="subscription_confirm",
    ),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("staff/outages/", staff_views.outages, name="staff_outages"),
    path("staff/outages/new/", staff_views.outage_new, name="staff_outage_new"),
    path("staff/outages/import/", staff_views.outages_upload, name="staff_outages_import"),
    path("staff/outages/<int:pk>/", staff_views.outage_edit, name="staff_outage"),
    path("staff/outages/<int:pk>/end/", staff_views.outage_end, name="staff_outage_end"),
    path("staff/blocks/<int:pk>/heating/", staff_views.heating_set, name="heating_set"),
    path("staff/work/", staff_views.work_queue, name="work"),
    path("staff/work/<int:pk>/", staff_views.work_item_update, name="work_item"),
]
