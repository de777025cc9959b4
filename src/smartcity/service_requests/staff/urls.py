from django.urls import path

from smartcity.service_requests.staff.views import categories, queue, request

app_name = "staff"
urlpatterns = [
    path("", queue.queue, name="home"),
    path("summary/", queue.summary, name="summary"),
    path("map.geojson", queue.map_geojson, name="map_geojson"),
    path("bulk/", queue.bulk, name="bulk"),
    path("categories/", categories.category_list, name="categories"),
    path("categories/new/", categories.category_edit, name="category_new"),
    path("categories/<int:pk>/", categories.category_edit, name="category_edit"),
    path("requests/<str:tracking_code>/", request.request_detail, name="request"),
    path("requests/<str:tracking_code>/status/", request.request_status, name="request_status"),
    path("requests/<str:tracking_code>/assign/", request.request_assign, name="request_assign"),
    path("requests/<str:tracking_code>/reroute/", request.request_reroute, name="request_reroute"),
    path("requests/<str:tracking_code>/merge/", request.request_merge, name="request_merge"),
    path("requests/<str:tracking_code>/comment/", request.request_comment, name="request_comment"),
    path("requests/<str:tracking_code>/place/", request.request_place, name="request_place"),
]
