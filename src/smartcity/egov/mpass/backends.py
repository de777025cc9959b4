"""The authentication backend an MPass Response signs a resident in through."""

from __future__ import annotations

import logging

from django.http import HttpRequest
from djangosaml2.backends import Saml2Backend

from smartcity.egov import services
from smartcity.egov.mpass import config, mpass_enabled

log = logging.getLogger(__name__)

# Set on the SAML session when a signed-in account starts an MPass sign-in: the account
# that asked, to be linked to the identity MPass returns (views.MPassLoginView).
LINK_SESSION_KEY = "egov_mpass_link_user"


def _first(attributes: dict, name: str) -> str:
    values = attributes.get(name) or [""]
    return str(values[0] or "")


class MPassBackend(Saml2Backend):
    """Signs in the account of the identity in a Response pysaml2 has already verified
    (signature against MPass's metadata, audience, destination, lifetime, InResponseTo):
    djangosaml2's ACS view calls it with `session_info`; any other sign-in passes it by."""

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        session_info: dict | None = None,
        attribute_mapping: dict | None = None,
        create_unknown_user: bool = True,
        assertion_info: dict | None = None,
        **kwargs: object,
    ):
        if session_info is None or not mpass_enabled():
            return None
        name_id = session_info.get("name_id")
        attributes = session_info.get("ava") or {}
        saml_session = getattr(request, "saml_session", None)
        link_to = saml_session.pop(LINK_SESSION_KEY, None) if saml_session is not None else None
        try:
            user = services.mpass_identity_record(
                idnp=str(getattr(name_id, "text", "") or "").strip(),
                first_name=_first(attributes, config.ATTRIBUTE_FIRST_NAME),
                last_name=_first(attributes, config.ATTRIBUTE_LAST_NAME),
                email=_first(attributes, config.ATTRIBUTE_EMAIL),
                link_to_user_id=link_to if isinstance(link_to, int) else None,
            )
        except services.IdentityRefusedError as refused:
            # The reason only: never the NameID or the attributes (personal data).
            log.warning("MPass sign-in refused: %s", refused)
            return None
        log.info("MPass sign-in of account %s", user.pk)
        return user
