"""Who may do what in the collaboration: roles read from the city and from Member."""

from __future__ import annotations

from smartcity.city.models import StaffMember
from smartcity.city.selectors import staff_member_of
from smartcity.collaboration.models import Member, Side


def member_of(user) -> Member | None:  # noqa: ANN001 - any Django user
    """The user's collaboration role, or None (residents, anonymous users)."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.collaboration_member
    except Member.DoesNotExist:
        return None


def has_role(user, *roles: str) -> bool:  # noqa: ANN001
    member = member_of(user)
    return member is not None and member.role in roles


def is_administrator(user) -> bool:  # noqa: ANN001
    if getattr(user, "is_superuser", False):
        return True
    staff = staff_member_of(user)
    return staff is not None and staff.role == StaffMember.Role.ADMINISTRATOR


def scoring_side(user) -> str | None:  # noqa: ANN001
    """The side a user scores for: partner representatives for the association, the
    Mayor's office, evaluators and city staff for the city hall; None for others."""
    member = member_of(user)
    if member is not None:
        return Side.PARTNER if member.role == Member.Role.PARTNER else Side.CITY
    if staff_member_of(user) is not None:
        return Side.CITY
    return None


def is_mayors_office(user) -> bool:  # noqa: ANN001
    return has_role(user, Member.Role.MAYORS_OFFICE) or is_administrator(user)


def is_partner(user) -> bool:  # noqa: ANN001
    return has_role(user, Member.Role.PARTNER) or is_administrator(user)


def may_organise_events(user) -> bool:  # noqa: ANN001
    """The Mayor's office, administrators, partner representatives and city staff."""
    return (
        has_role(user, Member.Role.MAYORS_OFFICE, Member.Role.PARTNER)
        or is_administrator(user)
        or staff_member_of(user) is not None
    )


def may_edit_directory(user) -> bool:  # noqa: ANN001
    """Who keeps the directory of organisations: the same people who organise events."""
    return may_organise_events(user)
