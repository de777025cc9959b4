from __future__ import annotations

from django.urls import path

from smartcity.egov.mpass import views

app_name = "egov"
urlpatterns = [
    path("", views.MPassLoginView.as_view(), name="mpass_login"),
    path("acs/", views.MPassAcsView.as_view(), name="mpass_acs"),
    path("metadata/", views.MPassMetadataView.as_view(), name="mpass_metadata"),
    path("logout/", views.MPassLogoutView.as_view(), name="mpass_logout"),
    path("ls/", views.MPassLogoutServiceView.as_view(), name="mpass_ls"),
    path("ls/post/", views.MPassLogoutServiceView.as_view(), name="mpass_ls_post"),
]
