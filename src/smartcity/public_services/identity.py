"""What the application form is prefilled with from the resident's identity.

The e-government sign-in (smartcity.egov, `resident_identity(user)`) is not on main
yet: until it is, the prefill is the account's own name and email. Plug it in here,
and only here.
"""

from __future__ import annotations

from typing import TypedDict


class Prefill(TypedDict, total=False):
    applicant_name: str
    idnp: str
    email: str
    phone: str
    address: str


def applicant_prefill(user) -> Prefill:  # noqa: ANN001 - any Django user
    """The form's initial applicant fields for this signed-in resident."""
    prefill: Prefill = {}
    name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    if name:
        prefill["applicant_name"] = name
    if getattr(user, "email", ""):
        prefill["email"] = user.email
    return prefill
