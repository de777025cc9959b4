"""Writes on the plans' progress: progress of actions, milestones, indicator values (by hand or
computed). Each checks who may do it and records the change with who and when."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartcity.strategy import access
from smartcity.strategy.computations import REGISTRY, computation_value
from smartcity.strategy.models import (
    ActionMilestone,
    ActionStatus,
    ChangeRecord,
    Indicator,
    IndicatorValue,
    Level,
    Node,
)


def _require_action(node: Node) -> None:
    if node.level != Level.ACTION:
        raise ValidationError(_("Only actions have their own progress; the levels above add up."))


def action_progress_update(
    *,
    action: Node,
    by,
    status: str,
    progress: int,
    comment: str = "",  # noqa: ANN001
) -> Node:
    """Set an action's status and percentage (0–100). A completed action is at 100%."""
    _require_action(action)
    if not access.may_edit_node(by, action):
        raise PermissionDenied(_("You may not update this action."))
    errors: dict[str, list[str]] = {}
    if status not in ActionStatus.values:
        errors["status"] = [_("Choose a status from the list.")]
    if not 0 <= progress <= 100:
        errors["progress"] = [_("Progress is a percentage from 0 to 100.")]
    elif status == ActionStatus.COMPLETED and progress != 100:
        errors["progress"] = [_("A completed action is at 100%.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        action = Node.objects.select_for_update().get(pk=action.pk)
        before = {"status": action.status, "progress": action.progress}
        action.status = status
        action.progress = progress
        action.save(update_fields=["status", "progress", "updated_at"])
        ChangeRecord.objects.create(
            plan_id=action.plan_id,
            node=action,
            kind=ChangeRecord.Kind.PROGRESS,
            before=before,
            after={"status": status, "progress": progress},
            comment=comment.strip(),
            changed_by=by,
        )
    return action


def milestone_add(*, action: Node, by, title: str, due_on: datetime.date) -> ActionMilestone:  # noqa: ANN001
    _require_action(action)
    if not access.may_edit_node(by, action):
        raise PermissionDenied(_("You may not update this action."))
    title = title.strip()
    if not title:
        raise ValidationError({"title": [_("Give the milestone a title.")]})
    with transaction.atomic():
        milestone = ActionMilestone.objects.create(action=action, title=title, due_on=due_on)
        ChangeRecord.objects.create(
            plan_id=action.plan_id,
            node=action,
            kind=ChangeRecord.Kind.MILESTONE,
            after={"title": title, "due_on": due_on.isoformat()},
            changed_by=by,
        )
    return milestone


def milestone_complete(
    *,
    milestone: ActionMilestone,
    by,
    done_on: datetime.date,  # noqa: ANN001
) -> ActionMilestone:
    action = milestone.action
    if not access.may_edit_node(by, action):
        raise PermissionDenied(_("You may not update this action."))
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": [_("A milestone cannot be done in the future.")]})
    with transaction.atomic():
        before = {"done_on": milestone.done_on.isoformat() if milestone.done_on else None}
        milestone.done_on = done_on
        milestone.save(update_fields=["done_on"])
        ChangeRecord.objects.create(
            plan_id=action.plan_id,
            node=action,
            kind=ChangeRecord.Kind.MILESTONE,
            before=before,
            after={"title": milestone.title, "done_on": done_on.isoformat()},
            changed_by=by,
        )
    return milestone


def indicator_value_record(
    *,
    indicator: Indicator,
    by,  # noqa: ANN001
    measured_on: datetime.date,
    value: Decimal,
    source: str = "",
) -> IndicatorValue:
    """Record the indicator's value on a date (replacing that date's value, if any)."""
    if not access.may_edit_indicator(by, indicator):
        raise PermissionDenied(_("You may not enter values of this indicator."))
    if indicator.computation:
        raise ValidationError(
            _("This indicator is computed from the platform's data; its values are not typed.")
        )
    if measured_on > timezone.localdate():
        raise ValidationError({"measured_on": [_("A value cannot be measured in the future.")]})
    with transaction.atomic():
        previous = (
            IndicatorValue.objects.select_for_update()
            .filter(indicator=indicator, measured_on=measured_on)
            .first()
        )
        before = {"value": str(previous.value), "source": previous.source} if previous else {}
        stored, _created = IndicatorValue.objects.update_or_create(
            indicator=indicator,
            measured_on=measured_on,
            defaults={
                "value": value,
                "source": source.strip()[:250],
                "is_computed": False,
                "entered_by": by,
            },
        )
        ChangeRecord.objects.create(
            plan_id=indicator.plan_id,
            indicator=indicator,
            node_id=indicator.node_id,
            kind=ChangeRecord.Kind.VALUE,
            before=before,
            after={"date": measured_on.isoformat(), "value": str(value), "source": stored.source},
            changed_by=by,
        )
    return stored


def indicators_compute(*, now: datetime.datetime | None = None) -> int:
    """Compute every indicator that has a computation and store today's value (a rerun
    the same day replaces it, so the job is idempotent). Returns the values stored."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    stored = 0
    for indicator in Indicator.objects.exclude(computation=""):
        if indicator.computation not in REGISTRY:
            continue
        value = computation_value(indicator.computation, now=now)
        if value is None:
            continue
        IndicatorValue.objects.update_or_create(
            indicator=indicator,
            measured_on=today,
            defaults={
                "value": value,
                "source": "platform",
                "is_computed": True,
                "entered_by": None,
            },
        )
        stored += 1
    return stored
