"""Writes on digitalisation needs: registering, scoring, supporting, weighting criteria."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from smartcity.collaboration import access
from smartcity.collaboration.models import Criterion, Need, NeedScore, NeedSupport

MAX_WEIGHT = Decimal("10")


def need_register(
    *,
    by,  # noqa: ANN001 - the logged-in user
    title: str,
    description: str,
    service: str,
    affected: str,
    evidence: str = "",
    category_id: int | None = None,
    public_service_id: int | None = None,
) -> Need:
    """Register a need on behalf of a logged-in user; ValidationError when incomplete.
    The service concerned is one of the catalogue's, or named in `service` when not."""
    if not getattr(by, "is_authenticated", False):
        raise PermissionDenied(_("Log in to register a need."))
    need = Need(
        title=title.strip(),
        description=description.strip(),
        service=service.strip(),
        affected=affected.strip(),
        evidence=evidence.strip(),
        category_id=category_id,
        public_service_id=public_service_id,
        registered_by=by,
    )
    if public_service_id is None and not need.service:
        raise ValidationError({"service": [_("Choose the service from the catalogue or name it.")]})
    need.full_clean()
    with transaction.atomic():
        need.save()
    return need


def need_score_set(*, need: Need, by, values: dict[int, int]) -> str:  # noqa: ANN001
    """Record the user's side's scores (criterion id → 1..5); returns the side.

    One score per side and criterion: a later score from the same side replaces it.
    """
    side = access.scoring_side(by)
    if side is None:
        raise PermissionDenied(_("Only the city hall and the association's partners score needs."))
    criteria = set(Criterion.objects.values_list("pk", flat=True))
    for criterion_id, value in values.items():
        if criterion_id not in criteria:
            raise ValidationError(_("There is no such criterion."))
        if not isinstance(value, int) or not 1 <= value <= 5:
            raise ValidationError(_("A score is a whole number from 1 to 5."))
    with transaction.atomic():
        for criterion_id, value in values.items():
            NeedScore.objects.update_or_create(
                need=need,
                criterion_id=criterion_id,
                side=side,
                defaults={"value": value, "scored_by": by},
            )
    return side


def need_support(*, need: Need, user=None, session_key: str = "") -> bool:  # noqa: ANN001
    """Count a resident's support once per account (or per session when anonymous);
    True when it was new."""
    is_user = getattr(user, "is_authenticated", False)
    if not is_user and not session_key:
        raise ValidationError(_("Your browser must accept cookies to support a need."))
    lookup = {"user": user} if is_user else {"user": None, "session_key": session_key}
    try:
        # The unique constraints decide between two simultaneous clicks.
        with transaction.atomic():
            _support, created = NeedSupport.objects.get_or_create(need=need, **lookup)
    except IntegrityError:
        return False
    return created


def criteria_weights_set(*, by, weights: dict[int, Decimal]) -> None:  # noqa: ANN001
    """Set the criteria's weights (0 to 10); administrators only."""
    if not access.is_administrator(by):
        raise PermissionDenied(_("Only administrators set the weights of the criteria."))
    for weight in weights.values():
        if not Decimal(0) <= weight <= MAX_WEIGHT:
            raise ValidationError(_("A weight is a number from 0 to 10."))
    with transaction.atomic():
        for criterion in Criterion.objects.select_for_update().filter(pk__in=weights):
            criterion.weight = weights[criterion.pk]
            criterion.save(update_fields=["weight"])
