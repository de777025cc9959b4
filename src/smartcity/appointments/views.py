"""Pages of appointments: residents choose a service, a desk and a day, book a free time,
and see or cancel it by the link they were given; the desks' staff see their day."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from smartcity.appointments import access, notices, selectors, services, slots, throttle
from smartcity.appointments.forms import BookingForm, MarkForm
from smartcity.appointments.models import Booking, FrontDesk
from smartcity.public_services.models import Service
from smartcity.public_services.selectors import service_by_slug

SLOT_KEY = "%Y-%m-%dT%H:%MZ"


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "appointments/bad_request.html", {"message": message}, status=400)


def _service(slug: str) -> Service:
    service = service_by_slug(slug)
    if service is None or not service.bookable:
        raise Http404(_("No such service to book."))
    return service


def _day(text: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _moment(text: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.strptime(text, SLOT_KEY).replace(tzinfo=datetime.UTC)
    except ValueError:
        return None


def _int(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) < 10 else None


@require_GET
def service_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "appointments/services.html", {"services": selectors.services_with_desks()}
    )


@require_GET
def service_times(request: HttpRequest, slug: str) -> HttpResponse:
    service = _service(slug)
    desk_services = list(selectors.desk_services_of(service))
    days = slots.booking_days()
    chosen = None
    if "desk" in request.GET:
        desk_id = _int(request.GET["desk"])
        chosen = next((ds for ds in desk_services if ds.desk_id == desk_id), None)
        if chosen is None:
            return _bad_request(request, _("Choose one of the desks listed."))
    elif desk_services:
        chosen = desk_services[0]
    day = days[0] if days else None
    if "day" in request.GET:
        day = _day(request.GET["day"])
        if day is None:
            return _bad_request(request, _("Give the day as YYYY-MM-DD."))
    free = slots.free_slots(chosen, day) if chosen and day else []
    holiday = slots.holiday_name(day) if day else None
    return render(
        request,
        "appointments/service.html",
        {
            "service": service,
            "desk_services": desk_services,
            "chosen": chosen,
            "days": days,
            "day": day,
            "free": free,
            "holiday": holiday,
            "opens_closes": slots.opening_hours(),
        },
    )


@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, slug: str) -> HttpResponse:
    service = _service(slug)
    source = request.POST if request.method == "POST" else request.GET
    desk_service = selectors.desk_service(service, _int(source.get("desk")) or 0)
    starts_at = _moment(source.get("at", ""))
    if desk_service is None or starts_at is None:
        return _bad_request(request, _("Choose a desk and a free time first."))
    slot = slots.slot_at(desk_service, starts_at)
    if slot is None:
        return _bad_request(request, _("This time cannot be booked."))
    form = BookingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not throttle.booking_allowed(throttle.client_key(request)):
            form.add_error(None, _("Too many bookings from this address; try again in an hour."))
            return render(
                request,
                "appointments/book.html",
                {"service": service, "desk_service": desk_service, "slot": slot, "form": form},
                status=429,
            )
        data = form.cleaned_data
        try:
            booking = services.booking_create(
                desk_service=desk_service,
                starts_at=starts_at,
                name=data["name"],
                phone=data["phone"],
                email=data["email"],
                idnp=data["idnp"],
                language=get_language() or "ro",
            )
        except services.SlotTakenError as error:
            messages.error(request, " ".join(error.messages))
            day = timezone.localtime(slot.starts_at, slots.city_tz()).date()
            url = reverse("appointments:service", args=[service.slug])
            return redirect(f"{url}?desk={desk_service.desk_id}&day={day.isoformat()}")
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Your appointment is booked."))
            return redirect("appointments:booking", booking.cancel_token)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "appointments/book.html",
        {"service": service, "desk_service": desk_service, "slot": slot, "form": form},
        status=status,
    )


def _booking(token: str) -> Booking:
    booking = selectors.booking_by_token(token)
    if booking is None:
        raise Http404(_("This link is not valid."))
    return booking


@require_GET
def booking_detail(request: HttpRequest, token: str) -> HttpResponse:
    booking = _booking(token)
    return render(
        request,
        "appointments/booking.html",
        {
            "booking": booking,
            "may_cancel": booking.is_active and booking.starts_at > timezone.now(),
        },
    )


@require_POST
def booking_cancel(request: HttpRequest, token: str) -> HttpResponse:
    try:
        booking = services.booking_cancel(token=token[:64])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("appointments:booking", token[:64])
    if booking is None:
        raise Http404(_("This link is not valid."))
    messages.success(request, _("Your appointment is cancelled; the time is free for others."))
    return redirect("appointments:booking", booking.cancel_token)


@require_GET
def booking_ics(request: HttpRequest, token: str) -> HttpResponse:
    booking = _booking(token)
    if not booking.is_active:
        raise Http404(_("This appointment is no longer booked."))
    response = HttpResponse(notices.booking_ics(booking), content_type="text/calendar")
    response["Content-Disposition"] = 'attachment; filename="appointment.ics"'
    return response


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "housing/forbidden.html", {"message": access.FORBIDDEN}, status=403)


@require_GET
@login_required
def staff_desks(request: HttpRequest) -> HttpResponse:
    desks = access.desks_for(request.user)
    if not desks:
        return _forbidden(request)
    return render(request, "appointments/staff/desks.html", {"desks": desks})


@require_GET
@login_required
def staff_desk_day(request: HttpRequest, number: int) -> HttpResponse:
    desk = FrontDesk.objects.select_related("department").filter(number=number).first()
    if desk is None:
        raise Http404(_("No such desk."))
    if not access.may_see_desk(request.user, desk):
        return _forbidden(request)
    today = timezone.localtime(timezone.now(), slots.city_tz()).date()
    day = _day(request.GET["day"]) if "day" in request.GET else today
    if day is None:
        return _bad_request(request, _("Give the day as YYYY-MM-DD."))
    return render(
        request,
        "appointments/staff/day.html",
        {
            "desk": desk,
            "day": day,
            "previous": day - datetime.timedelta(days=1),
            "next": day + datetime.timedelta(days=1),
            "bookings": selectors.desk_day(desk, day),
            "may_mark": day <= today,
        },
    )


@require_POST
@login_required
def staff_booking_mark(request: HttpRequest, pk: int) -> HttpResponse:
    booking = Booking.objects.select_related("desk__department").filter(pk=pk).first()
    if booking is None:
        raise Http404(_("No such appointment."))
    if not access.may_see_desk(request.user, booking.desk):
        return _forbidden(request)
    form = MarkForm(request.POST)
    if not form.is_valid():
        return _bad_request(request, _("Choose attended or did not come."))
    try:
        services.booking_mark(booking=booking, status=form.cleaned_data["status"], by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    day = timezone.localtime(booking.starts_at, slots.city_tz()).date()
    url = reverse("appointments:staff_desk", args=[booking.desk.number])
    return redirect(f"{url}?day={day.isoformat()}")
