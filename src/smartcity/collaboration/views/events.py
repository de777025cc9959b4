"""Events: the public list and page, registration and cancellation, attendance, iCalendar."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.collaboration import access, selectors, services
from smartcity.collaboration.forms import DocumentForm, EventForm, MinutesForm, RegistrationForm
from smartcity.collaboration.models import Event, Registration
from smartcity.collaboration.views.access import (
    forbidden,
    refusals_shown,
    validation_errors_to_form,
)
from smartcity.config.site import absolute_url, site_host


def _only(request: HttpRequest) -> str:
    """The calendar filter asked for (`?only=education`), if another app offers it."""
    only = request.GET.get("only", "")[:40]
    return only if selectors.calendar_filter(only) is not None else ""


def event_list(request: HttpRequest) -> HttpResponse:
    only = _only(request)
    return render(
        request,
        "collaboration/events/list.html",
        {
            "upcoming": selectors.events_listed(upcoming=True, only=only)[:100],
            "past": selectors.events_listed(upcoming=False, only=only)[:50],
            "can_create": access.may_organise_events(request.user),
            "filters": selectors.calendar_filters(),
            "only": only,
        },
    )


def _event_or_404(pk: int) -> Event:
    event = selectors.event_by_id(pk)
    if event is None:
        raise Http404(_("There is no such event."))
    return event


def _may_organise(event: Event, user) -> bool:  # noqa: ANN001
    return services.may_change(event, user)


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    if not access.may_organise_events(request.user):
        return forbidden(
            request, _("Only the Mayor's office, city staff and partners organise events.")
        )
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(by=request.user, details=form.details())
        except ValidationError as error:
            validation_errors_to_form(form, error)
        else:
            messages.success(request, _("The event is announced."))
            return redirect("collaboration:event", event.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "collaboration/events/form.html", {"form": form, "event": None}, status=status
    )


@login_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_or_404(pk)
    if not _may_organise(event, request.user):
        return forbidden(request, _("Only the organiser and the Mayor's office change an event."))
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            promoted = services.event_update(event=event, by=request.user, details=form.details())
        except ValidationError as error:
            validation_errors_to_form(form, error)
        else:
            messages.success(request, _("The event is saved."))
            if promoted:
                messages.info(
                    request,
                    _("%(count)s people moved up from the waiting list and were told by email.")
                    % {"count": len(promoted)},
                )
            return redirect("collaboration:event", event.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "collaboration/events/form.html", {"form": form, "event": event}, status=status
    )


@login_required
def event_after(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser's page for what the event left: its minutes and its documents."""
    event = _event_or_404(pk)
    if not _may_organise(event, request.user):
        return forbidden(request, _("Only the organiser and the Mayor's office change an event."))
    minutes_form = MinutesForm(initial={"minutes": event.minutes})
    document_form = DocumentForm()
    status = 200
    if request.method == "POST":
        status = 400
        try:
            if "minutes-minutes" in request.POST:
                minutes_form = MinutesForm(request.POST)
                if minutes_form.is_valid():
                    services.event_minutes_save(
                        event=event, by=request.user, minutes=minutes_form.cleaned_data["minutes"]
                    )
                    messages.success(request, _("The minutes are saved."))
                    return redirect("collaboration:event_after", event.pk)
            else:
                document_form = DocumentForm(request.POST, request.FILES)
                if document_form.is_valid():
                    services.event_document_add(
                        event=event,
                        by=request.user,
                        title=document_form.cleaned_data["title"],
                        upload=document_form.cleaned_data["file"],
                    )
                    messages.success(request, _("The document is added."))
                    return redirect("collaboration:event_after", event.pk)
        except ValidationError as error:
            target = minutes_form if "minutes-minutes" in request.POST else document_form
            validation_errors_to_form(target, error)
    return render(
        request,
        "collaboration/events/after.html",
        {"event": event, "minutes_form": minutes_form, "document_form": document_form},
        status=status,
    )


def event_document(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    """A document of an event, public like the event's page; a download, never inline,
    so a document is never run as a page of this site."""
    document = selectors.event_document_of(pk, document_pk)
    if document is None or not document.file:
        raise Http404(_("There is no such document."))
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("There is no such document.")) from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@login_required
@refusals_shown
def event_document_delete(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    document = selectors.event_document_of(pk, document_pk)
    if document is None:
        raise Http404(_("There is no such document."))
    services.event_document_remove(document=document, by=request.user)
    messages.success(request, _("The document is removed."))
    return redirect("collaboration:event_after", pk)


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
                validation_errors_to_form(form, error)
            else:
                return redirect("collaboration:registration", registration.token)
        status = 400
    return render(
        request,
        "collaboration/events/detail.html",
        {
            "event": event,
            "form": form,
            "can_organise": _may_organise(event, request.user),
            "is_over": event.ends_at < timezone.now(),
        },
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
        url_of=lambda e: absolute_url(reverse("collaboration:event", args=[e.pk])),
        host=site_host(),
    )


def events_ics(request: HttpRequest) -> HttpResponse:
    only = _only(request)
    name = f"events-{only}.ics" if only else "events.ics"
    return _ics(_calendar(request, selectors.events_in_feed(only=only)), name)


def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_or_404(pk)
    return _ics(_calendar(request, [event]), f"event-{event.pk}.ics")
