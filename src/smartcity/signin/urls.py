from __future__ import annotations

from django.urls import path

from smartcity.signin import views

app_name = "signin"
urlpatterns = [
    path("enrol/", views.enrol, name="enrol"),
    path("verify/", views.verify, name="verify"),
]
