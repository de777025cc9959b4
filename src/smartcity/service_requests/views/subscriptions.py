"""Alerts for an area: subscribing, confirming by email."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from smartcity.service_requests import services
from smartcity.service_requests.forms import SubscriptionForm


def subscribe(request: HttpRequest) -> HttpResponse:
    form = SubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.subscription_create(
                email=data["email"],
                language=get_language(),
                district=data["district"],
                latitude=data["latitude"],
                longitude=data["longitude"],
                radius_m=data["radius_m"],
                category=data["category"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request, _("Almost done: open the link we emailed you to start the alerts.")
            )
            return redirect("service_requests:subscribe")
    status = 400 if request.method == "POST" else 200
    return render(request, "service_requests/subscribe.html", {"form": form}, status=status)


def subscription_confirm(request: HttpRequest, token: str) -> HttpResponse:
    subscription = services.subscription_confirm(token=token[:64])
    if subscription is None:
        raise Http404(_("This link is not valid."))
    messages.success(
        request, _("Your alerts are on: we will email you about new reports in this area.")
    )
    return redirect("service_requests:list")
