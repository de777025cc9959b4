"""Reporting a problem: the form, its live parts (htmx), and the confirmation."""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from smartcity.city.selectors import street_search
from smartcity.service_requests import classifier, selectors, services, throttle
from smartcity.service_requests.forms import ReportForm
from smartcity.service_requests.models import ServiceCategory

SUBMISSION_SECONDS = 3600
SUGGESTIONS = 3  # shown to the resident: a short choice, ranked


def _submission_key(token: str) -> str:
    return f"report-submission:{token}"


def report(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        initial = {"submission": uuid.uuid4().hex}
        if request.GET.get("category"):
            initial["category"] = request.GET["category"]
        return render(
            request, "service_requests/report.html", {"form": ReportForm(initial=initial)}
        )
    if "suggest" in request.POST or "suggested_category" in request.POST:
        return _suggestions_shown(request)
    form = ReportForm(request.POST, request.FILES)
    # A second click or a reload sends the same submission token: show the first result.
    token = request.POST.get("submission", "")[:64]
    done = cache.get(_submission_key(token)) if token else None
    if done:
        return redirect("service_requests:confirmation", done)
    if not form.is_valid():
        return render(request, "service_requests/report.html", {"form": form}, status=400)
    if not request.user.is_authenticated and not throttle.report_allowed(
        throttle.client_key(request)
    ):
        form.add_error(
            None,
            _(
                "Too many reports from your connection in the last hour. "
                "Please try again later or call the info line."
            ),
        )
        return render(request, "service_requests/report.html", {"form": form}, status=429)
    return _submit(request, form, token)


def _suggestions_shown(request: HttpRequest) -> HttpResponse:
    """The form again, as typed, with suggestions for its text: the way without JavaScript.

    "Suggest a category" asks for them; a suggestion's button sets the category. Nothing
    is filed and nothing is reported as an error yet (photos must be chosen again: a
    browser never sends a file twice).
    """
    initial: dict[str, object] = {
        name: values if len(values) > 1 else values[0]
        for name, values in request.POST.lists()
        if name != "photos"
    }
    picked = request.POST.get("suggested_category", "")
    if picked.isdigit():
        initial["category"] = picked
    form = ReportForm(initial=initial)
    if not throttle.suggestions_allowed(throttle.client_key(request)):
        return render(
            request,
            "service_requests/report.html",
            {"form": form, "suggestions_refused": True, "picked": picked},
            status=429,
        )
    description = request.POST.get("description", "")[:4000]
    return render(
        request,
        "service_requests/report.html",
        {"form": form, "suggestions": _suggestions(description), "picked": picked},
    )


def _suggestions(text: str) -> list[classifier.Suggestion]:
    return classifier.category_suggestions(text[:4000], limit=SUGGESTIONS)


def category_suggestions(request: HttpRequest) -> HttpResponse:
    """The three likeliest categories for the description typed so far (htmx)."""
    if not throttle.suggestions_allowed(throttle.client_key(request)):
        return render(
            request, "service_requests/_suggestions.html", {"suggestions_refused": True}, status=429
        )
    return render(
        request,
        "service_requests/_suggestions.html",
        # Asked by the form's script, which sets the category itself: buttons that do not
        # submit, so Enter in a field still sends the report.
        {"suggestions": _suggestions(request.GET.get("description", "")), "scripted": True},
    )


def _submit(request: HttpRequest, form: ReportForm, token: str) -> HttpResponse:
    data = form.cleaned_data
    # A valid form's category is one of the active categories, so it was found.
    assert form.chosen_category is not None
    first, _space, last = data["name"].strip().partition(" ")
    draft = services.RequestDraft(
        category=form.chosen_category,
        description=data["description"],
        latitude=data["latitude"],
        longitude=data["longitude"],
        address=data["address"],
        attributes=form.attribute_answers(),
        reporter=services.Reporter(
            email=data["email"],
            first_name=first,
            last_name=last,
            phone=data["phone"],
            language=get_language(),
        ),
    )
    try:
        created = services.request_submit(draft=draft, photos=data["photos"])
    except ValidationError as error:
        _errors_to_form(form, error)
        return render(request, "service_requests/report.html", {"form": form}, status=400)
    cache.set(_submission_key(token), created.tracking_code, SUBMISSION_SECONDS)
    return redirect("service_requests:confirmation", created.tracking_code)


def _errors_to_form(form: ReportForm, error: ValidationError) -> None:
    fields = {"location": "latitude", "outside_city": "latitude"}
    if not hasattr(error, "error_dict"):
        field = fields.get(error.code or "", None)
        form.add_error(field, error.messages)
        return
    for name, messages in error.message_dict.items():
        target = name if name in form.fields else f"attr_{name}"
        form.add_error(target if target in form.fields else None, messages)


def confirmation(request: HttpRequest, tracking_code: str) -> HttpResponse:
    service_request = selectors.public_request_by_code(tracking_code)
    if service_request is None:
        raise Http404(_("No report has this tracking code."))
    return render(
        request, "service_requests/confirmation.html", {"service_request": service_request}
    )


def attribute_fields(request: HttpRequest) -> HttpResponse:
    """The chosen category's extra questions (htmx swaps them into the form)."""
    form = ReportForm(initial={"category": request.GET.get("category")})
    return render(request, "service_requests/_attributes.html", {"form": form})


def nearby(request: HttpRequest) -> HttpResponse:
    """Open reports of the same category near the chosen point (htmx, before submitting)."""
    try:
        category = ServiceCategory.objects.get(pk=int(request.GET.get("category", "")))
        latitude = float(request.GET.get("latitude", ""))
        longitude = float(request.GET.get("longitude", ""))
    except (ValueError, ServiceCategory.DoesNotExist):
        return render(request, "service_requests/_nearby.html", {"nearby": []})
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return render(request, "service_requests/_nearby.html", {"nearby": []})
    found = selectors.nearby_open_requests(
        category=category, latitude=latitude, longitude=longitude
    )
    return render(request, "service_requests/_nearby.html", {"nearby": found})


def streets(request: HttpRequest) -> JsonResponse:
    """Streets matching typed text, for placing the point without the map."""
    found = street_search(request.GET.get("q", "")[:100])
    return JsonResponse(
        {
            "streets": [
                {
                    "name": s.name,
                    "latitude": s.latitude,
                    "longitude": s.longitude,
                    "approximate": s.approximate,
                }
                for s in found
            ]
        }
    )
