from django.urls import path

from smartcity.environment import views

app_name = "environment"
urlpatterns = [
    path("air/", views.air, name="air"),
    path("air/stations.geojson", views.stations_geojson, name="stations"),
    path("air/<str:ref>/", views.station, name="station"),
]
