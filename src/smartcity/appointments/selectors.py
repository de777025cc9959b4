"""Reads of appointments."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from smartcity.appointments import slots
from smartcity.appointments.models import Booking, DeskService, FrontDesk
from smartcity.public_services.models import Service
from smartcity.public_services.selectors import services_bookable


def services_with_desks() -> QuerySet[Service]:
    """The bookable services that at least one open desk answers."""
    return services_bookable().filter(desk_services__desk__is_active=True).distinct()


def desk_services_of(service: Service) -> QuerySet[DeskService]:
    return (
        DeskService.objects.filter(service=service, desk__is_active=True)
        .select_related("desk", "service")
        .order_by("desk__number")
    )


def desk_service(service: Service, desk_id: int) -> DeskService | None:
    return desk_services_of(service).filter(desk_id=desk_id).first()


def desk_day(desk: FrontDesk, day: datetime.date) -> QuerySet[Booking]:
    """Every booking of the desk on that day of the city's calendar, by time."""
    tz = slots.city_tz()
    start = datetime.datetime.combine(day, datetime.time(0), tzinfo=tz)
    return (
        Booking.objects.filter(
            desk=desk, starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=1)
        )
        .select_related("service")
        .order_by("starts_at", "status")
    )


def booking_by_token(token: str) -> Booking | None:
    return Booking.objects.select_related("desk", "service").filter(cancel_token=token[:64]).first()
