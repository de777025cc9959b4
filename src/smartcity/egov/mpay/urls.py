from __future__ import annotations

from django.urls import path

from smartcity.egov.mpay import views

app_name = "mpay"
urlpatterns = [
    path("service/", views.service, name="service"),
]
