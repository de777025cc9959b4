from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from smartcity.city.selectors import staff_member_of
from smartcity.collaboration import access as collaboration_access
from smartcity.service_requests import selectors as request_selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/home.html",
        {"recent_requests": request_selectors.recent_public_requests(limit=5)},
    )


def login_destination(user) -> str:  # noqa: ANN001 - the user who just logged in
    """Where a login leads when no page asked for it: city staff to the back office,
    the Mayor's office and evaluators to their desk, partners to their ideas."""
    if staff_member_of(user) is not None:
        return reverse("staff:home")
    if collaboration_access.is_mayors_office(user) or collaboration_access.has_role(
        user, "evaluator"
    ):
        return reverse("collaboration:office")
    if collaboration_access.is_partner(user):
        return reverse("collaboration:ideas_mine")
    return reverse("web:home")


class LoginView(auth_views.LoginView):
    def get_default_redirect_url(self) -> str:
        return login_destination(self.request.user)
