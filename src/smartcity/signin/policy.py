"""Who must confirm a sign-in with a second factor."""

from __future__ import annotations

from django.conf import settings

from smartcity.city.selectors import staff_member_of


def second_factor_required(user) -> bool:  # noqa: ANN001 - any Django user
    """City staff (every role sees the reporters' names and contacts of the requests it
    handles) and the admin's users (staff and superusers see everything) need a second
    factor; residents, partners and evaluators do not."""
    if not settings.SMARTCITY_SECOND_FACTOR or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff or user.is_superuser or staff_member_of(user) is not None)
