"""No page is served to staff before they confirmed their sign-in with a second factor."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp.middleware import is_verified

from smartcity.signin.policy import second_factor_required
from smartcity.signin.services import has_authenticator


class SecondFactorMiddleware:
    """After django-otp's OTPMiddleware: a staff user whose session is not verified is
    sent to enrol an authenticator (none yet) or to type its code, then back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def _exempt(self, path: str) -> bool:
        open_paths = (
            "/accounts/second-factor/",
            reverse("logout"),
            reverse("login"),
            # Signing out through MPass (single logout) must work before the code too.
            "/signin/mpass/logout/",
            "/signin/mpass/ls/",
            "/i18n/",
            "/" + settings.STATIC_URL.lstrip("/"),
        )
        return path.startswith(open_paths)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            second_factor_required(user)
            and not is_verified(user)
            and not self._exempt(request.path)
        ):
            step = "signin:verify" if has_authenticator(user) else "signin:enrol"
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse(step)}?{query}")
        return self.get_response(request)
