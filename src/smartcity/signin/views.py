from __future__ import annotations

import base64
from urllib.parse import urlencode

import segno
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp.middleware import is_verified

from smartcity.signin import services
from smartcity.signin.forms import CodeForm
from smartcity.signin.policy import second_factor_required
from smartcity.web.views import login_destination


def _next(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next", "")
    # Only a path of this site: `redirect()` would read a bare word ("zz") as the name of
    # a URL pattern and fail with a 500 where it finds none.
    on_site = url_has_allowed_host_and_scheme(wanted, {request.get_host()}, require_https=False)
    if on_site and wanted.startswith("/"):
        return wanted
    return login_destination(request.user)


@never_cache
@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    """Pair an authenticator app (QR code or key typed by hand) and confirm it."""
    if not second_factor_required(request.user) or services.has_authenticator(request.user):
        return redirect(_next(request))
    device = services.enrolment_device(user=request.user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        codes = services.enrolment_confirm(
            request=request, device=device, code=form.cleaned_data["code"]
        )
        if codes is not None:
            return render(
                request, "signin/recovery_codes.html", {"codes": codes, "next": _next(request)}
            )
        form.add_error("code", _("The code is wrong or has expired. Type the code shown now."))
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "next": _next(request),
        "qr_svg": qr.svg_inline(scale=5, title=_("QR code for the authenticator app")),
        "key": _grouped_key(device),
    }
    return render(request, "signin/enrol.html", context, status=400 if form.errors else 200)


def _grouped_key(device) -> str:  # noqa: ANN001 - a TOTPDevice
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Type the authenticator's code (or a recovery code) to finish signing in."""
    if not second_factor_required(request.user) or is_verified(request.user):
        return redirect(_next(request))
    if not services.has_authenticator(request.user):
        return redirect(f"{reverse('signin:enrol')}?{urlencode({'next': _next(request)})}")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if services.sign_in_confirm(request=request, code=form.cleaned_data["code"]):
            return redirect(_next(request))
        form.add_error("code", _("The code is wrong or has expired. Type the code shown now."))
    return render(
        request,
        "signin/verify.html",
        {"form": form, "next": _next(request)},
        status=400 if form.errors else 200,
    )
