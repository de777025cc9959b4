"""A URL configuration with one view that fails, for the error report test."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

RESIDENT = "ana.popescu@example.md"


def report_fail(request: HttpRequest) -> HttpResponse:
    resident = request.GET.get("email", RESIDENT)  # a local variable Sentry would send
    raise RuntimeError(f"no district for the report of {resident} (password=hunter2)")


urlpatterns = [path("fail/", report_fail, name="fail")]
