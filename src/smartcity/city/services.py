"""Writes on the city itself: its profile, districts, departments and staff."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from smartcity.city.files import CityFiles, Problems, StaffEntry, city_read
from smartcity.city.models import CityProfile, Department, District, StaffMember
from smartcity.config.site import absolute_url
from smartcity.service_requests import services as request_services
from smartcity.service_requests.category_files import categories_read


@dataclass(frozen=True)
class PasswordLink:
    """A staff account that has no password yet, and the link where its owner sets one."""

    email: str
    url: str
    created: bool


def city_load(*, directory: Path) -> list[PasswordLink]:
    """Load a city from its files (docs/city-files.md): profile, districts, departments,
    categories with their questions, staff. Everything is checked before anything is
    written, and written in one transaction, by slug, code or e-mail: loading the same
    files twice changes nothing. Raises `CityFilesError` listing every problem found.
    Returns a set-password link for each staff account still without a password."""
    problems = Problems()
    city = city_read(directory, problems)
    categories = categories_read(directory, problems, city.departments)
    problems.raise_any()
    with transaction.atomic():
        links = city_save(city=city, staff=True)
        request_services.categories_save(categories=categories)
    return links


def city_save(*, city: CityFiles, staff: bool) -> list[PasswordLink]:
    """Write checked files (`files.city_read`); `staff=False` leaves staff.csv out (the
    demo has its own staff). Runs in the caller's transaction when there is one."""
    with transaction.atomic():
        CityProfile.objects.update_or_create(pk=1, defaults=city.profile)
        for slug, fields in city.districts.items():
            District.objects.update_or_create(slug=slug, defaults=fields)
        for slug, fields in city.departments.items():
            Department.objects.update_or_create(slug=slug, defaults=fields)
        links = [staff_save(entry=entry) for entry in city.staff] if staff else []
    return [link for link in links if link is not None]


def staff_save(*, entry: StaffEntry) -> PasswordLink | None:
    """The staff member's account (user name: the e-mail) and role. A new account has
    no usable password: its owner chooses one through the returned link."""
    user_model = get_user_model()
    email = entry.email.lower()
    administrator = entry.role == StaffMember.Role.ADMINISTRATOR
    user, created = user_model.objects.update_or_create(
        username=email,
        defaults={
            "email": email,
            "first_name": entry.first_name,
            "last_name": entry.last_name,
            "is_staff": administrator,
            "is_superuser": administrator,
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    department = Department.objects.get(slug=entry.department) if entry.department else None
    StaffMember.objects.update_or_create(
        user=user, defaults={"role": entry.role, "department": department}
    )
    if user.has_usable_password():
        return None
    return PasswordLink(email=email, url=password_link(user), created=created)


def password_link(user) -> str:  # noqa: ANN001 - any Django user
    """The page where `user` chooses a password; Django's reset token, so the link stops
    working once a password is set and after PASSWORD_RESET_TIMEOUT (three days)."""
    path = reverse(
        "password_set",
        args=[
            urlsafe_base64_encode(force_bytes(user.pk)),
            default_token_generator.make_token(user),
        ],
    )
    return absolute_url(path)
