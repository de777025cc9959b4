"""Reads of the services catalogue."""

from __future__ import annotations

from django.db.models import QuerySet

from smartcity.public_services.models import Service


def services_catalogue(*, kind: str | None = None) -> QuerySet[Service]:
    """The active services, by name, with their department; optionally of one kind."""
    services = Service.objects.filter(is_active=True).select_related("department")
    return services.filter(kind=kind) if kind else services


def service_by_slug(slug: str) -> Service | None:
    """The active service with this slug, or None."""
    return services_catalogue().filter(slug=slug).first()


def services_bookable() -> QuerySet[Service]:
    """The active services residents can book a front-desk appointment for."""
    return services_catalogue().filter(bookable=True)
