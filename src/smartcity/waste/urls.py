from django.urls import path

from smartcity.waste import views

app_name = "waste"
urlpatterns = [
    path("", views.container_map, name="map"),
    path("containers.geojson", views.containers_geojson, name="containers_geojson"),
    path("collection/", views.collection_districts, name="collection_districts"),
    path("collection/<slug:slug>/", views.collection_list, name="collection_list"),
]
