"""Who may edit which institutions and the kindergarten places."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from smartcity.city.access import departments_staff_required, is_staff_of
from smartcity.city.selectors import staff_member_of
from smartcity.institutions.models import Institution, Sector, sector_of

# The education directorate keeps the schools, kindergartens and their places; the
# culture directorate the libraries, museums, theatres and culture houses.
EDUCATION = "invatamant"
CULTURE = "cultura"
DEPARTMENTS = (EDUCATION, CULTURE)
DEPARTMENT_OF_SECTOR: dict[str, str] = {Sector.EDUCATION: EDUCATION, Sector.CULTURE: CULTURE}

institutions_staff_required = departments_staff_required(
    DEPARTMENTS,
    message=gettext_lazy(
        "Schools, kindergartens and culture institutions are kept by the education and "
        "culture directorates."
    ),
    template="institutions/forbidden.html",
)


def _department_slug(user) -> str | None:  # noqa: ANN001
    """ "*" for dispatchers and administrators, else the department's slug (or None)."""
    if not is_staff_of(user, DEPARTMENTS):
        return None
    staff = staff_member_of(user)
    if staff is None:
        return None
    if staff.sees_all_departments:
        return "*"
    return staff.department.slug if staff.department else None


def may_edit_institution(user, institution: Institution) -> bool:  # noqa: ANN001
    """Administrators and dispatchers; else the staff of the institution's department."""
    slug = _department_slug(user)
    return slug == "*" or (slug is not None and slug == institution.department.slug)


def may_add_institution(user, kind: str) -> bool:  # noqa: ANN001
    """An institution of this kind may be added by the staff of its sector's department."""
    slug = _department_slug(user)
    return slug == "*" or (slug is not None and slug == DEPARTMENT_OF_SECTOR[sector_of(kind)])


def may_edit_places(user) -> bool:  # noqa: ANN001
    """The kindergarten places: the education directorate (and administrators)."""
    slug = _department_slug(user)
    return slug in ("*", EDUCATION)
