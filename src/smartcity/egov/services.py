"""Writes of the e-government integrations."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from smartcity.egov.idnp import idnp_is_valid
from smartcity.egov.models import FeeOrder, MPassIdentity


class IdentityRefusedError(ValueError):
    """MPass's answer was genuine but names nobody this platform may sign in."""


def mpass_identity_record(
    *,
    idnp: str,
    first_name: str,
    last_name: str,
    email: str = "",
    link_to_user_id: int | None = None,
) -> User:
    """The account an MPass sign-in opens, its identity stored or refreshed.

    - An IDNP seen before: that account, whoever asked (the identity is MPass's).
    - A first sign-in from an account already signed in here (`link_to_user_id`, an
      account with no MPass identity yet): that account is linked to the IDNP.
    - Otherwise a new resident account, without a password: it is reached through MPass
      only. Accounts are never matched by e-mail: MPass's address comes from the
      resident's own profile, and matching on it would hand a staff account to whoever
      typed its address.
    Raises IdentityRefusedError for a malformed IDNP, a missing name or a deactivated account.
    """
    if not idnp_is_valid(idnp):
        raise IdentityRefusedError("the NameID is not an IDNP")
    first_name, last_name = first_name.strip()[:64], last_name.strip()[:64]
    if not (first_name or last_name):
        raise IdentityRefusedError("MPass returned no name")
    user_model = get_user_model()
    now = timezone.now()
    with transaction.atomic():
        identity = MPassIdentity.objects.select_for_update().filter(idnp=idnp).first()
        if identity is not None:
            user = user_model.objects.get(pk=identity.user_id)
        else:
            user = _account_for_new_identity(link_to_user_id)
            identity = MPassIdentity(user=user, idnp=idnp)
        if not user.is_active:
            raise IdentityRefusedError("the account is deactivated")
        identity.first_name, identity.last_name = first_name, last_name
        identity.email = email.strip()[:254]
        identity.last_signed_in_at = now
        identity.save()
        changed = _names_copied(user, identity)
        if changed:
            user.save(update_fields=changed)
    return user


def _account_for_new_identity(link_to_user_id: int | None) -> User:
    user_model = get_user_model()
    if link_to_user_id is not None:
        user = user_model.objects.select_for_update().filter(pk=link_to_user_id).first()
        if user is not None and not MPassIdentity.objects.filter(user=user).exists():
            return user
    # A name that says where the account came from, nothing of the person.
    user = user_model(username=f"mpass-{secrets.token_hex(6)}")
    user.set_unusable_password()
    user.save()
    return user


def _names_copied(user, identity: MPassIdentity) -> list[str]:  # noqa: ANN001 - a User
    """Fill the account's empty name and e-mail fields from MPass; never overwrite what
    the account already had (a staff member's address stays the city's)."""
    changed = []
    for field in ("first_name", "last_name", "email"):
        value = getattr(identity, field)
        if value and not getattr(user, field, ""):
            setattr(user, field, value)
            changed.append(field)
    return changed


# --- Fees paid through MPay ------------------------------------------------------------

MPAY_CURRENCY = "MDL"


class PaymentRefusedError(ValueError):
    """MPay's confirmation cannot be applied; `code` is the fault code MPay's guide names
    (UnknownOrder, InvalidParameter), the message the reason, in plain English."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code


def fee_order_create(
    *, amount: Decimal, reason: str, payer_name: str = "", payer_idnp: str = ""
) -> FeeOrder:
    """A fee to be paid through MPay, in MDL; other apps keep its `order_key` (or the row)
    and send the resident to `smartcity.egov.mpay.pay.pay_url(order, return_url=…)`.

    `reason` is what MPay shows the payer (at most 50 characters); the payer's name and
    IDNP are optional (MPay shows them when given). Raises ValueError for an amount that is
    not a positive sum in bani, a missing reason or a malformed IDNP."""
    amount = Decimal(amount)
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise ValueError("the amount must be a positive sum in MDL with at most two decimals")
    reason = reason.strip()
    if not reason or len(reason) > 50:
        raise ValueError("the reason must be 1 to 50 characters (MPay's limit)")
    if payer_idnp and not idnp_is_valid(payer_idnp):
        raise ValueError("the payer's IDNP is malformed")
    return FeeOrder.objects.create(
        order_key=str(uuid.uuid4()),
        amount=amount.quantize(Decimal("0.01")),
        reason=reason,
        payer_name=payer_name.strip()[:60],
        payer_idnp=payer_idnp,
    )


def fee_order_cancel(order: FeeOrder) -> bool:
    """Cancel a fee not paid yet (MPay then answers the payer it cannot be paid); False if
    it was paid already."""
    changed = FeeOrder.objects.filter(pk=order.pk, status=FeeOrder.Status.PENDING).update(
        status=FeeOrder.Status.CANCELLED
    )
    order.refresh_from_db()
    return bool(changed)


def fee_order_payment_confirm(
    *,
    order_key: str,
    payment_id: str,
    paid_at: datetime,
    amount: Decimal,
    currency: str,
    invoice_id: str = "",
    message: str = "",
) -> FeeOrder:
    """Apply MPay's ConfirmOrderPayment: the order marked paid, once.

    The same payment (MPay's PaymentID) confirmed again is answered as done, without a
    second payment (the guide asks every operation to be idempotent). Raises
    PaymentRefusedError for an unknown order, another currency or amount than the order's,
    an order cancelled or paid by another payment."""
    if not payment_id or len(payment_id) > 36:
        raise PaymentRefusedError("InvalidParameter", "PaymentID is missing or too long")
    with transaction.atomic():
        order = FeeOrder.objects.select_for_update().filter(order_key=order_key).first()
        if order is None:
            raise PaymentRefusedError("UnknownOrder", "The provided OrderKey is unknown.")
        if order.mpay_payment_id == payment_id:
            return order
        if order.status == FeeOrder.Status.PAID:
            raise PaymentRefusedError(
                "InvalidParameter", "The order is already paid by another payment."
            )
        if order.status == FeeOrder.Status.CANCELLED:
            raise PaymentRefusedError("InvalidParameter", "The order is cancelled.")
        if currency != MPAY_CURRENCY:
            raise PaymentRefusedError("InvalidParameter", f"Currency must be {MPAY_CURRENCY}.")
        if amount != order.amount:
            raise PaymentRefusedError(
                "InvalidParameter", f"TotalAmount must be the order's amount, {order.amount}."
            )
        if FeeOrder.objects.filter(mpay_payment_id=payment_id).exists():
            raise PaymentRefusedError(
                "InvalidParameter", "This PaymentID was applied to another order."
            )
        order.status = FeeOrder.Status.PAID
        order.paid_at = paid_at
        order.mpay_payment_id = payment_id
        order.mpay_invoice_id = invoice_id[:36]
        order.confirmation = message
        order.save(
            update_fields=[
                "status",
                "paid_at",
                "mpay_payment_id",
                "mpay_invoice_id",
                "confirmation",
            ]
        )
    return order
