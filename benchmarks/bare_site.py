"""The memory baseline: Django alone under the same gunicorn, one JSON view, no apps."""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import JsonResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["*"],
    SECRET_KEY="baseline-only-" + "x" * 40,
    ROOT_URLCONF=__name__,
    MIDDLEWARE=["django.middleware.common.CommonMiddleware"],
)


def minimal(request):  # noqa: ANN001, ANN201
    return JsonResponse({"status": "ok", "city": "Bălți"})


urlpatterns = [path("bench/minimal.json", minimal)]
application = get_wsgi_application()
