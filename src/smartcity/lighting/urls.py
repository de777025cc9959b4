from django.urls import path

from smartcity.lighting import views

app_name = "lighting"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("lights.geojson", views.lights_geojson, name="lights"),
    path("schedule/", views.schedule, name="schedule"),
    path("energy/", views.energy, name="energy"),
]
