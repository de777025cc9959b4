"""The site's URLs and error handlers, plus views that fail on purpose (the error page
tests need a 400, a 403 and a 500 that no real page gives on demand)."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from smartcity.config.urls import (  # noqa: F401 - the handlers under test
    handler400,
    handler403,
    handler404,
    handler500,
)
from smartcity.config.urls import urlpatterns as site


def _bad(request):
    raise SuspiciousOperation("a mangled request")


def _forbidden(request):
    raise PermissionDenied


def _broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("fail/400/", _bad),
    path("fail/403/", _forbidden),
    path("fail/500/", _broken),
    *site,
]
