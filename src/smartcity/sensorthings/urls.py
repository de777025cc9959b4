from django.urls import path

from smartcity.sensorthings import views

app_name = "sensorthings"
urlpatterns = [
    path("", views.service, name="root"),
    path("<path:path>", views.service, name="resource"),
]
