"""Events: the public list and page, registration and cancellation, attendance, iCalendar."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from smartcity.collaboration import access, selectors, services
from smartcity.collaboration.forms import RegistrationForm
from smartcity.collaboration.models import Event, Registration
from smartcity.collaboration.views.access import forbidden


def event_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "collaboration/events/list.html",
        {
            "upcoming": selectors.events_listed(upcoming=True)[:100],
            "past": selectors.events_listed(upcoming=False)[:50],
        },
    )


def _event_or_404(pk: int) -> Event:
    event = selectors.event_by_id(pk)
    if event is None:
        raise Http404(_("There is no such event."))
    return event


def _may_organise(event: Event, user) -> bool:  # noqa: ANN001
    return access.is_mayors_office(user) or event.organiser_id == getattr(user, "pk", None)


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_or_404(pk)
    form = RegistrationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                registration = services.event_register(
                    event=event, language=get_language(), **form.cleaned_data
                )
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    for problem in problems:
                        form.add_error(field if field in form.fields else None, problem)
            else:
                return redirect("collaboration:registration", registration.token)
        status = 400
    return render(
        request,
        "collaboration/events/detail.html",
        {"event": event, "form": form, "can_organise": _may_organise(event, request.user)},
        status=status,
    )


def registration_detail(request: HttpRequest, token: str) -> HttpResponse:
    """The registrant's own page (its address is the proof): status and cancellation."""
    registration = Registration.objects.select_related("event").filter(token=token).first()
    if registration is None:
        raise Http404(_("This link is not valid."))
    if request.method == "POST" and registration.status != Registration.Status.CANCELLED:
        services.registration_cancel(registration=registration)
        messages.success(request, _("Your registration is cancelled."))
        return redirect("collaboration:registration", token)
    return render(request, "collaboration/events/registration.html", {"registration": registration})


@login_required
def event_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_or_404(pk)
    if not _may_organise(event, request.user):
        return forbidden(request, _("Only the organiser records attendance."))
    if request.method == "POST":
        ids = {int(v) for v in request.POST.getlist("attended") if v.isdigit()}
        count = services.attendance_record(event=event, by=request.user, attended_ids=ids)
        messages.success(request, _("Attendance recorded: %(count)s present.") % {"count": count})
        return redirect("collaboration:event_attendance", event.pk)
    return render(
        request,
        "collaboration/events/attendance.html",
        {"event": event, "registrations": selectors.registrations_of(event)},
    )


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _calendar(request: HttpRequest, events: list[Event]) -> bytes:
    return selectors.events_calendar(
        events,
        name=_("Bălți: collaboration events"),
        url_of=lambda e: request.build_absolute_uri(reverse("collaboration:event", args=[e.pk])),
        host=request.get_host().split(":")[0],
    )


def events_ics(request: HttpRequest) -> HttpResponse:
    return _ics(_calendar(request, selectors.events_in_feed()), "events.ics")


def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_or_404(pk)
    return _ics(_calendar(request, [event]), f"event-{event.pk}.ics")
