"""One factory per entity; they build on the demo city loaded by the `balti` fixture."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from smartcity.city.models import Department, StaffMember
from smartcity.service_requests import services
from smartcity.service_requests.models import ServiceCategory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Maria"
    last_name = "Popa"
    password = factory.django.Password("secret-password-1")


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    user = factory.SubFactory(UserFactory)
    role = StaffMember.Role.DEPARTMENT_STAFF
    department = factory.LazyFunction(lambda: Department.objects.get(slug="iluminat"))


def service_request_submit(
    *,
    category: str = "street-light-out",
    description: str = "Nu arde felinarul de două zile",
    latitude: float = 47.7617,
    longitude: float = 27.9289,
    email: str = "",
    language: str = "ro",
    **extra,
):
    """A request submitted through the real service, as a resident would."""
    draft = services.RequestDraft(
        category=ServiceCategory.objects.get(code=category),
        description=description,
        latitude=latitude,
        longitude=longitude,
        reporter=services.Reporter(email=email, language=language),
        **extra,
    )
    return services.request_submit(draft=draft)
