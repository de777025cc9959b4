"""Residents' pages: following a report, answering whether it was fixed."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from smartcity.service_requests import selectors, services
from smartcity.service_requests.models import AreaSubscription


def request_detail(request: HttpRequest, tracking_code: str) -> HttpResponse:
    service_request = selectors.public_request_by_code(tracking_code)
    if service_request is None:
        raise Http404(_("No report has this tracking code."))
    return render(request, "service_requests/detail.html", {"service_request": service_request})


def request_track(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code", "").strip()
    error = ""
    if code:
        found = selectors.public_request_by_code(code)
        if found is not None:
            return redirect("service_requests:detail", found.tracking_code)
        error = _("No report has the tracking code “%(code)s”. Check it and try again.") % {
            "code": code[:40]
        }
    return render(request, "service_requests/track.html", {"code": code, "error": error})


def request_feedback(request: HttpRequest, tracking_code: str, token: str) -> HttpResponse:
    """The reporter's answer to “is it really fixed?” (link from the email)."""
    service_request = selectors.public_request_by_code(tracking_code)
    if service_request is None or not secrets.compare_digest(token, service_request.feedback_token):
        raise Http404(_("This link is not valid."))
    if request.method == "POST":
        try:
            if request.POST.get("answer") == "fixed":
                services.request_confirm_fixed(request=service_request, token=token)
                messages.success(request, _("Thank you for confirming."))
            else:
                services.request_reopen_by_reporter(
                    request=service_request,
                    token=token,
                    comment=request.POST.get("comment", "")[:2000],
                )
                messages.success(
                    request, _("The report is open again; the city hall will look at it.")
                )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("service_requests:detail", service_request.tracking_code)
    return render(request, "service_requests/feedback.html", {"service_request": service_request})


def subscription_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscription = AreaSubscription.objects.filter(token=token).first()
    if subscription is None:
        raise Http404(_("This link is not valid."))
    if request.method == "POST":
        subscription.delete()
        messages.success(request, _("You will receive no more emails about this area."))
        return redirect("web:home")
    return render(request, "service_requests/unsubscribe.html", {"subscription": subscription})
