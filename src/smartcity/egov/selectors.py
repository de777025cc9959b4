"""Reads of the e-government integrations."""

from __future__ import annotations

from dataclasses import dataclass

from smartcity.egov.models import FeeOrder, MPassIdentity


@dataclass(frozen=True)
class ResidentIdentity:
    """A resident as MPass identified them at their last sign-in."""

    first_name: str
    last_name: str
    idnp: str  # 13 digits; personal data: never log it
    email: str  # may be empty: MPass returns it only when the resident gave one

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


def resident_identity(user) -> ResidentIdentity | None:  # noqa: ANN001 - any Django user
    """The identity MPass vouched for when `user` signed in with it, to prefill a form.

    Contract:
    - None for an anonymous visitor and for an account that never signed in with MPass
      (staff with a password, partners): the form then asks the resident as usual.
    - Otherwise the names and e-mail MPass returned at the account's latest MPass sign-in
      (attributes FirstName, LastName, EmailAddress) and its IDNP (the SAML NameID),
      exactly 13 digits. The names are MPass's: a form may show them read-only.
    - The IDNP is personal data: show it only to this user, never put it in a log line,
      a URL or an e-mail.
    - One query; nothing is cached, so a later sign-in's names are seen at once.
    """
    if not getattr(user, "is_authenticated", False):
        return None
    identity = MPassIdentity.objects.filter(user_id=user.pk).first()
    if identity is None:
        return None
    return ResidentIdentity(
        first_name=identity.first_name,
        last_name=identity.last_name,
        idnp=identity.idnp,
        email=identity.email,
    )


def fee_order_by_key(order_key: str) -> FeeOrder | None:
    """The fee MPay knows by `order_key`, or None."""
    return FeeOrder.objects.filter(order_key=order_key).first()
