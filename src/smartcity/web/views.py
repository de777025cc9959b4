from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from smartcity.service_requests import selectors as request_selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/home.html",
        {"recent_requests": request_selectors.recent_public_requests(limit=5)},
    )
