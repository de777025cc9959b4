"""Who may do what in housing's staff pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from smartcity.city.access import departments_staff_required, is_staff_of
from smartcity.city.selectors import staff_member_of
from smartcity.housing.models import UtilityProvider

# The water, heating and housing services enter outages and follow the blocks' work.
DEPARTMENTS = ("apa-canal", "termoficare", "locativ")
# The housing directorate also speaks for networks the city does not run (electricity).
HOUSING = "locativ"

housing_staff_required = departments_staff_required(
    DEPARTMENTS,
    message=gettext_lazy(
        "Outages and the blocks' work are for the water, heating and housing services "
        "and dispatchers."
    ),
    template="housing/forbidden.html",
)


def may_enter_outages_of(user, provider: UtilityProvider) -> bool:  # noqa: ANN001
    """Dispatchers and administrators for every provider; a department's staff for the
    providers linked to their department; the housing directorate also for providers
    linked to none (RED Nord)."""
    if not is_staff_of(user, DEPARTMENTS):
        return False
    staff = staff_member_of(user)
    if staff is None:
        return False
    if staff.sees_all_departments:
        return True
    department = staff.department.slug if staff.department else ""
    if provider.department_id is None:
        return department == HOUSING
    return provider.department is not None and provider.department.slug == department


def providers_for(user) -> list[UtilityProvider]:  # noqa: ANN001
    providers = UtilityProvider.objects.select_related("department").order_by("name")
    return [p for p in providers if may_enter_outages_of(user, p)]
