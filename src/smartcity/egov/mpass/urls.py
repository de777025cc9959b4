from __future__ import annotations

from importlib import import_module

from django.http import HttpRequest, HttpResponse
from django.urls import path

app_name = "egov"


def _view(name: str):  # noqa: ANN202 - a Django view
    """The view class `name` of .views, imported on the first request: the SAML library
    it needs takes seconds to import, which no process should pay at start-up."""

    def view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        views = import_module("smartcity.egov.mpass.views")
        return getattr(views, name).as_view()(request, *args, **kwargs)

    # The ACS and the logout service take MPass's POSTs, which carry no CSRF token.
    view.csrf_exempt = name in CSRF_EXEMPT  # type: ignore[attr-defined]
    return view


CSRF_EXEMPT = {"MPassAcsView", "MPassLogoutServiceView"}

urlpatterns = [
    path("", _view("MPassLoginView"), name="mpass_login"),
    path("acs/", _view("MPassAcsView"), name="mpass_acs"),
    path("metadata/", _view("MPassMetadataView"), name="mpass_metadata"),
    path("logout/", _view("MPassLogoutView"), name="mpass_logout"),
    path("ls/", _view("MPassLogoutServiceView"), name="mpass_ls"),
    path("ls/post/", _view("MPassLogoutServiceView"), name="mpass_ls_post"),
]
