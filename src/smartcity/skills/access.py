"""Who may run the study and see single responses: the Mayor's office, administrators,
and users given the `skills.view_response` permission."""

from __future__ import annotations

from smartcity.collaboration.access import is_mayors_office


def can_run_study(user) -> bool:  # noqa: ANN001
    if not getattr(user, "is_authenticated", False):
        return False
    return is_mayors_office(user) or user.has_perm("skills.view_response")
