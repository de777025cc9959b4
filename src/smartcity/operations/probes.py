"""`/healthz`, `/readyz` and `/metrics`, answered before the rest of the middleware.

They come first so that a probe or a scrape costs no session, CSRF or language work, and
so that a load balancer or Prometheus asking by the machine's address (not an allowed
host name) or over plain HTTP behind the TLS redirect still gets its answer. `/metrics`
decides for itself who may read it (see `metrics.metrics`).
"""

from __future__ import annotations

import os
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from smartcity.operations import health, metrics

PROBES = ("/healthz", "/readyz", "/metrics")


def healthz() -> JsonResponse:
    """The process is alive and answers; nothing else is asked (no database)."""
    return JsonResponse({"status": "ok", "pid": os.getpid()})


def readyz() -> JsonResponse:
    checks = health.readiness()
    ready = all(check.ok for check in checks)
    return JsonResponse(
        {
            "status": "ok" if ready else "unavailable",
            "checks": {check.name: check.as_json() for check in checks},
        },
        status=200 if ready else 503,
    )


class ProbeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info.rstrip("/")
        if path not in PROBES or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if path == "/metrics":
            response = metrics.metrics(request)
            if response is None:  # not for this client: the site's own page not found
                return self.get_response(request)
        else:
            response = healthz() if path == "/healthz" else readyz()
        response["Cache-Control"] = "no-store"
        return response
