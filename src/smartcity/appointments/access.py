"""Who may open a desk's day list: the staff of the desk's department, dispatchers and
administrators (as in city/access.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from smartcity.appointments.models import FrontDesk
from smartcity.city.access import is_staff_of

FORBIDDEN = gettext_lazy("A desk's appointments are for the staff of its department.")


def may_see_desk(user, desk: FrontDesk) -> bool:  # noqa: ANN001 - any Django user
    return is_staff_of(user, [desk.department.slug])


def desks_for(user) -> list[FrontDesk]:  # noqa: ANN001
    desks = FrontDesk.objects.select_related("department").order_by("number")
    return [desk for desk in desks if may_see_desk(user, desk)]
