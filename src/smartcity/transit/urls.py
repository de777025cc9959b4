from django.urls import path

from smartcity.transit import staff, views

app_name = "transit"
urlpatterns = [
    path("", views.line_list, name="lines"),
    path("gtfs.zip", views.gtfs_zip, name="gtfs_zip"),
    path("lines/<str:gtfs_id>/", views.line_detail, name="line"),
    path("stops/<str:gtfs_id>/", views.stop_detail, name="stop"),
    path("staff/alerts/", staff.alert_list, name="alert_list"),
    path("staff/alerts/new/", staff.alert_edit, name="alert_new"),
    path("staff/alerts/<int:pk>/", staff.alert_edit, name="alert_edit"),
    path("staff/alerts/<int:pk>/end/", staff.alert_end, name="alert_end"),
]
