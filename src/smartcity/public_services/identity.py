"""What the application form is prefilled with from the resident's identity: the name,
IDNP and e-mail MPass vouched for (smartcity.egov) when the resident signed in with it,
else the account's own name and e-mail."""

from __future__ import annotations

from typing import TypedDict

from smartcity.egov.selectors import resident_identity


class Prefill(TypedDict, total=False):
    applicant_name: str
    idnp: str
    email: str
    phone: str
    address: str


def applicant_prefill(user) -> Prefill:  # noqa: ANN001 - any Django user
    """The form's initial applicant fields for this signed-in resident."""
    prefill: Prefill = {}
    identity = resident_identity(user)
    name = identity.full_name if identity else user.get_full_name()
    if name:
        prefill["applicant_name"] = name
    if identity:
        prefill["idnp"] = identity.idnp
    email = (identity.email if identity else "") or getattr(user, "email", "")
    if email:
        prefill["email"] = email
    return prefill
