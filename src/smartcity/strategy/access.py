"""Who may change the plans: city staff; administrators for everything, department staff
for the actions their department answers for (and those actions' indicators)."""

from __future__ import annotations

from smartcity.city.models import StaffMember
from smartcity.city.selectors import staff_member_of
from smartcity.strategy.models import Indicator, Node


def is_plan_administrator(user) -> bool:  # noqa: ANN001 - any Django user
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    staff = staff_member_of(user)
    return staff is not None and staff.role == StaffMember.Role.ADMINISTRATOR


def may_edit_node(user, node: Node) -> bool:  # noqa: ANN001
    if is_plan_administrator(user):
        return True
    staff = staff_member_of(user) if getattr(user, "is_authenticated", False) else None
    return (
        staff is not None
        and staff.department_id is not None
        and node.responsible_department_id == staff.department_id
    )


def may_edit_indicator(user, indicator: Indicator) -> bool:  # noqa: ANN001
    return may_edit_node(user, indicator.node)


def is_editor(user) -> bool:  # noqa: ANN001
    """Sees the editing controls and the record of changes (any city staff)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return getattr(user, "is_superuser", False) or staff_member_of(user) is not None


def editable_node_ids(user, plan_id: int) -> set[int] | None:  # noqa: ANN001
    """The items of the plan the user may edit: None for all (administrators), else the
    ids of their department's actions (empty for everyone else)."""
    if is_plan_administrator(user):
        return None
    staff = staff_member_of(user) if getattr(user, "is_authenticated", False) else None
    if staff is None or staff.department_id is None:
        return set()
    return set(
        Node.objects.filter(
            plan_id=plan_id, responsible_department_id=staff.department_id
        ).values_list("pk", flat=True)
    )
