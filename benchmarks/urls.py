"""The platform's URLs plus the benchmarks' baseline: a minimal Django JSON view."""

from django.http import JsonResponse
from django.urls import path

from smartcity.config.urls import urlpatterns as platform_urlpatterns


def minimal(request):  # noqa: ANN001, ANN201
    return JsonResponse({"status": "ok", "city": "Bălți"})


urlpatterns = [path("bench/minimal.json", minimal), *platform_urlpatterns]
