from django.urls import path

from smartcity.devices import ingest_http

app_name = "devices"
urlpatterns = [
    path("v1/readings", ingest_http.readings_post, name="readings"),
]
