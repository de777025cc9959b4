from __future__ import annotations

import mimetypes
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control

from smartcity.city.selectors import staff_member_of
from smartcity.collaboration import access as collaboration_access
from smartcity.egov.mpass import mpass_enabled
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


def signin_locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: object = None
) -> HttpResponse:
    """django-axes' answer to a locked-out sign-in: the reason and the wait, in the
    visitor's language, as 429 (the staff login and the admin's alike)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


class LoginView(auth_views.LoginView):
    def get_default_redirect_url(self) -> str:
        return login_destination(self.request.user)

    def get_context_data(self, **kwargs: object) -> dict:
        context = super().get_context_data(**kwargs)
        # The MPass button only when MPass is configured (smartcity.egov).
        if mpass_enabled():
            url = reverse("egov:mpass_login")
            if context.get("next"):
                url = f"{url}?{urlencode({'next': context['next']})}"
            context["mpass_login_url"] = url
        return context


def media_file(request: HttpRequest, name: str) -> HttpResponseBase:
    """An uploaded file on the local disk, to whoever may see it: a photo of a public
    report to anyone, of a hidden one to the staff who see that report; nothing else.
    Behind nginx the bytes go out through its internal location (X-Accel-Redirect)."""
    if not isinstance(default_storage, FileSystemStorage):
        raise Http404
    found = request_selectors.photo_for_viewer(name, request.user)
    if found is None or not default_storage.exists(name):
        raise Http404
    photo, public = found
    if settings.SMARTCITY_MEDIA_ACCEL_REDIRECT:
        response: HttpResponseBase = HttpResponse(
            content_type=mimetypes.guess_type(name)[0] or "image/jpeg"
        )
        response["X-Accel-Redirect"] = settings.SMARTCITY_MEDIA_ACCEL_REDIRECT + name
    else:
        response = FileResponse(default_storage.open(name, "rb"))
    if public:
        patch_cache_control(response, public=True, max_age=3600)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response
