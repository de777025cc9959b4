"""Writes of the e-government integrations."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from smartcity.egov.idnp import idnp_is_valid
from smartcity.egov.models import MPassIdentity


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
