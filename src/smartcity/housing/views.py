"""Public pages of housing: the outages map, a block's page, subscribing to outages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from smartcity.city.access import is_staff_of
from smartcity.housing import selectors, services
from smartcity.housing.access import DEPARTMENTS
from smartcity.housing.forms import SubscriptionForm
from smartcity.housing.models import HeatingState, Outage, OutageSubscription
from smartcity.operations import throttle

SUBSCRIPTIONS_PER_HOUR = 20  # from one address: a household or a small office
CONFIRMATIONS_PER_MAILBOX_HOUR = 3


@require_GET
def outage_map(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    outages = [
        {"outage": o, "phase": selectors.outage_phase(o, now)}
        for o in selectors.outages_now_and_next(now=now)
    ]
    return render(request, "housing/outages.html", {"outages": outages})


@require_GET
def outages_geojson(request: HttpRequest) -> JsonResponse:
    now = timezone.now()
    features = []
    for outage in selectors.outages_now_and_next(now=now):
        reached = selectors.outage_blocks(outage)
        point = selectors.outage_point(outage, reached)
        if point is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [point[1], point[0]]},
                "properties": {
                    "id": outage.pk,
                    "service": outage.get_utility_display(),
                    "utility": outage.utility,
                    "phase": selectors.outage_phase(outage, now),
                    "where": outage.where or "; ".join(b.address for b in reached[:5]),
                    "provider": outage.provider.name,
                    "url": reverse("housing:outage", args=[outage.pk]),
                },
            }
        )
    return JsonResponse({"type": "FeatureCollection", "features": features})


@require_GET
def outage_detail(request: HttpRequest, pk: int) -> HttpResponse:
    outage = Outage.objects.select_related("provider").filter(pk=pk).first()
    if outage is None:
        raise Http404(_("No such outage."))
    return render(
        request,
        "housing/outage.html",
        {
            "outage": outage,
            "phase": selectors.outage_phase(outage, timezone.now()),
            "reached": selectors.outage_blocks(outage),
        },
    )


@require_GET
def block_list(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "")[:100]
    return render(
        request,
        "housing/blocks.html",
        {"blocks": selectors.blocks_search(text)[:200], "q": text},
    )


@require_GET
def block_detail(request: HttpRequest, pk: int) -> HttpResponse:
    block = selectors.block_by_pk(pk)
    if block is None:
        raise Http404(_("No such building."))
    now = timezone.now()
    outages = [
        {"outage": o, "phase": selectors.outage_phase(o, now)}
        for o in selectors.outages_of_block(block)[:20]
    ]
    return render(
        request,
        "housing/block.html",
        {
            # Not "block": in templates that is the {% block %} being rendered.
            "building": block,
            "heating": selectors.heating_state_of(block, today=timezone.localdate(now)),
            "outages": outages,
            "form": SubscriptionForm(initial={"block": block.pk}),
            "may_set_heating": is_staff_of(request.user, DEPARTMENTS),
            "heating_choices": HeatingState.State.choices,
        },
    )


def _subscription_allowed(request: HttpRequest, email: str) -> bool:
    # Each subscription mails a confirmation link: limits per address and per mailbox keep
    # the form from being used to flood someone's inbox.
    return throttle.attempt_allowed(
        "outage-subscriptions", throttle.client_key(request), limit=SUBSCRIPTIONS_PER_HOUR
    ) and throttle.attempt_allowed(
        "outage-subscriptions-mailbox", email.lower(), limit=CONFIRMATIONS_PER_MAILBOX_HOUR
    )


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    form = SubscriptionForm(request.POST or None, initial={"block": request.GET.get("block")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        block = selectors.block_by_pk(data["block"]) if data["block"] else None
        if not _subscription_allowed(request, data["email"]):
            form.add_error(None, _("Too many subscriptions were asked; try again in an hour."))
            return render(request, "housing/subscribe.html", {"form": form}, status=429)
        if data["block"] and block is None:
            form.add_error(None, _("No such building."))
        else:
            try:
                services.subscription_create(
                    email=data["email"],
                    language=get_language(),
                    block=block,
                    street="" if block else data["street"],
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(
                    request,
                    _("Almost done: open the link we emailed you to start the outage notices."),
                )
                return redirect("housing:subscribe")
    status = 400 if request.method == "POST" else 200
    return render(request, "housing/subscribe.html", {"form": form}, status=status)


@require_GET
def subscription_confirm(request: HttpRequest, token: str) -> HttpResponse:
    subscription = services.subscription_confirm(token=token[:64])
    if subscription is None:
        raise Http404(_("This link is not valid."))
    messages.success(
        request, _("Your notices are on: we will email you before and during outages.")
    )
    if subscription.block_id:
        return redirect("housing:block", subscription.block_id)
    return redirect("housing:outages")


@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscription = (
        OutageSubscription.objects.select_related("block").filter(token=token[:64]).first()
    )
    if subscription is None:
        raise Http404(_("This link is not valid."))
    if request.method == "POST":
        services.subscription_cancel(token=subscription.token)
        messages.success(request, _("You will receive no more emails about outages there."))
        return redirect("housing:outages")
    return render(request, "housing/unsubscribe.html", {"subscription": subscription})
